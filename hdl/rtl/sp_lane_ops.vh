// The lane step codes: sp_seq drives them on o_lane_op, sp_lane decodes them on i_op (sp_lane.v
// says what each step does). Included inside a module body: they are that module's localparams.
    localparam [2:0] OP_HOLD = 3'd0;
    localparam [2:0] OP_LOAD = 3'd1;
    localparam [2:0] OP_FOLD = 3'd2;
    localparam [2:0] OP_REVA = 3'd3;
    localparam [2:0] OP_REVS = 3'd4;
