// yosys techmap for the ASIC flow (constraints/hw.mk, asic_synth): every
// `$mul` as a radix-4 Booth multiplier. `synth` alone maps a product as an
// array of partial products, one a bit of B; Booth recoding takes B two
// bits at a time as a digit in -2..2, so half as many partial products,
// each a shifted, possibly inverted copy of A (the +1 of a negation is a
// carry bit added with the others). `synth` then adds them in one
// carry-save tree ($macc). Unsigned operands get a zero sign bit, so one
// signed recoding serves every `$mul`. Exact modulo 2^Y_WIDTH, like `$mul`:
// constraints/flow/test_booth.py checks it exhaustively against `*`.
(* techmap_celltype = "$mul" *)
module _booth_mul (A, B, Y);
  parameter A_SIGNED = 0;
  parameter B_SIGNED = 0;
  parameter A_WIDTH = 1;
  parameter B_WIDTH = 1;
  parameter Y_WIDTH = 1;
  input [A_WIDTH-1:0] A;
  input [B_WIDTH-1:0] B;
  output [Y_WIDTH-1:0] Y;

  // A and B with a sign bit of their own (0 for an unsigned operand).
  localparam BW = B_WIDTH + (B_SIGNED ? 0 : 1);
  wire a_sign = A_SIGNED ? A[A_WIDTH-1] : 1'b0;
  wire b_sign = B_SIGNED ? B[B_WIDTH-1] : 1'b0;
  // Booth digits of B: digit i reads bits 2i+1, 2i, 2i-1 (bit -1 is 0).
  localparam DIGITS = (BW + 1) / 2;
  // (One sign bit more than needed, so that the replication is never empty.)
  wire [2*DIGITS+1:0] b_bits = {{(2*DIGITS + 1 - B_WIDTH){b_sign}}, B, 1'b0};
  // A sign-extended to the result's width.
  wire [Y_WIDTH-1:0] a_wide = {{Y_WIDTH{a_sign}}, A};

  // Partial product i (digit times A, shifted 2i) and the negations' carry bits.
  wire [DIGITS*Y_WIDTH-1:0] partial;
  wire [Y_WIDTH-1:0] carries;
  genvar i;
  generate
    for (i = 0; i < DIGITS; i = i + 1) begin : digit
      wire [2:0] g = b_bits[2*i+2:2*i];
      wire one = g[0] ^ g[1];                        // digit +-1
      wire two = (g == 3'b011) || (g == 3'b100);     // digit +-2
      wire neg = g[2] & ~(g[1] & g[0]);              // digit -1 or -2
      wire [Y_WIDTH-1:0] magnitude = two ? (a_wide << 1) : (one ? a_wide : {Y_WIDTH{1'b0}});
      assign partial[i*Y_WIDTH +: Y_WIDTH] = (neg ? ~magnitude : magnitude) << (2*i);
      if (2*i < Y_WIDTH) begin : carry
        assign carries[2*i] = neg;
      end
      if (2*i + 1 < Y_WIDTH) begin : gap
        assign carries[2*i+1] = 1'b0;
      end
    end
    for (i = 2*DIGITS; i < Y_WIDTH; i = i + 1) begin : high
      assign carries[i] = 1'b0;
    end
  endgenerate

  reg [Y_WIDTH-1:0] sum;
  integer j;
  always @* begin
    sum = carries;
    for (j = 0; j < DIGITS; j = j + 1)
      sum = sum + partial[j*Y_WIDTH +: Y_WIDTH];
  end
  assign Y = sum;
endmodule
