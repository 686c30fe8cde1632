// iCE40 UP5K pin wrapper around brainwire_encoder: the SG48 package has 39
// I/O, fewer than the encoder's interface, so the output word is read as five
// byte lanes (lane 0-3: out_word bytes, MSB first; lane 4: {out_last, 1'b0, out_bits}).
// The channel count is the implant's, set by the flow from golden parameters.
module ice40_top #(parameter CHANNELS_MINUS_ONE = 0) (
    input clock, input reset,
    input [15:0] in_sample, input in_valid, output in_ready, input flush,
    input [2:0] lane, output reg [7:0] lane_data, output out_valid, input out_ready
);
    wire [31:0] out_word;
    wire [5:0] out_bits;
    wire out_last;
    brainwire_encoder enc (
        .clock(clock), .reset(reset), .channels_minus_one(CHANNELS_MINUS_ONE[9:0]),
        .in_sample(in_sample), .in_valid(in_valid), .in_ready(in_ready), .flush(flush),
        .out_word(out_word), .out_bits(out_bits), .out_last(out_last),
        .out_valid(out_valid), .out_ready(out_ready)
    );
    always @* case (lane)
        3'd0: lane_data = out_word[31:24];
        3'd1: lane_data = out_word[23:16];
        3'd2: lane_data = out_word[15:8];
        3'd3: lane_data = out_word[7:0];
        default: lane_data = {out_last, 1'b0, out_bits};
    endcase
endmodule
