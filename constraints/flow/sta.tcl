# OpenSTA: timing of the mapped netlist, and vectorless power at a given
# global activity (transitions per clock cycle, measured by gatepower.py).
read_liberty $env(LIB)
read_liberty $env(SRAM_LIB)
read_verilog $env(NET)
# The top module: TOP, default the implant encoder's.
if {[info exists env(TOP)]} { link_design $env(TOP) } else { link_design brainwire_encoder }
read_sdc $env(SDC)
report_checks -path_delay max -digits 3
report_checks -path_delay min -digits 3
report_wns
report_tns
set_power_activity -global -activity $env(ACTIVITY) -duty 0.5
report_power -digits 6
