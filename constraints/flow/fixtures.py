"""Small hand-made inputs for the flow's unit tests: a two-cell Liberty whose
figures are easy to work out by hand, and an SRAM configuration."""

import json
import os
import tempfile

TINY_LIB = """
/* two cells, nominal 2.0 V */
library (tiny) {
  nom_voltage : 2.0;
  leakage_power_unit : "1nW";
  cell (INV) {
    area : 10;
    cell_leakage_power : 5;
    pin (A) { direction : input; capacitance : 0.01; }
    pin (Y) {
      direction : output;
      internal_power () {
        related_pin : "A";
        rise_power (e2) { index_1 ("0.0, 1.0"); index_2 ("0.0, 2.0"); values ("0.5, 0.5", "0.5, 0.5"); }
        fall_power (e2) { index_1 ("0.0, 1.0"); index_2 ("0.0, 2.0"); values ("0.3, 0.3", "0.3, 0.3"); }
      }
    }
  }
  cell (DFF) {
    area : 20;
    ff (IQ, IQN) { next_state : "D"; clocked_on : "CLK"; }
    pin (D) { direction : input; capacitance : 0.02; }
    pin (CLK) {
      direction : input; capacitance : 0.03;
      internal_power () {
        rise_power (e1) { index_1 ("0.1, 0.2"); values ("1.0, 2.0"); }
        fall_power (e1) { index_1 ("0.1, 0.2"); values ("3.0, 4.0"); }
      }
    }
    pin (Q) { direction : output; }
  }
}
"""


def sram_cfg(sources, model):
    return {"output_load_pf": 0.1, "input_transition_ns": 0.1,
            "sram": {"model": model, "target_node_nm": 180, "target_voltage_v": 2.0,
                     "access_time_ns": 3.0, "input_pin_cap_pf": 0.02, "sources": sources}}


# Same node and voltage as the target: energies are the source's, per bit.
UNIT_SOURCE = {"node_nm": 180, "voltage_v": 2.0, "macro_words": 4, "macro_bits": 1,
               "read_pj": [1.0], "write_pj": [2.0], "idle_pj": [0.5], "macro_area_um2": 8.0, "scaling": "per_bit"}


class Dir:
    """A temporary directory with helpers to write text and JSON files."""

    def __init__(self):
        self._t = tempfile.TemporaryDirectory()
        self.path = self._t.name

    def text(self, name, body):
        p = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(body)
        return p

    def json(self, name, obj):
        return self.text(name, json.dumps(obj))

    def cleanup(self):
        self._t.cleanup()
