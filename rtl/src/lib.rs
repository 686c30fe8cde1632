//! RTL of the implant encoder (rust-hdl). See rtl/README.md.
