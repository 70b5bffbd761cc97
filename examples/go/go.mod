module example.invalid/sessionjwt/examples/go

go 1.24

require example.invalid/sessionjwt v0.0.0

replace example.invalid/sessionjwt => ../../ffi-go
