//! Prints the hardware interface and the golden figures the flow is sized by
//! (brainwire_rtl::interface::hw_params) as JSON: constraints/hw.mk's params.json.

fn main() {
    let params = brainwire_rtl::interface::hw_params();
    println!(
        "{}",
        serde_json::to_string_pretty(&params).expect("JSON of plain values")
    );
}
