//! Training the quotient code tables from recordings (written by the lead; placeholder API).
