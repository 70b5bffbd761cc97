module example.invalid/sessionjwt/benches/go

go 1.24

require example.invalid/sessionjwt v0.0.0

require github.com/golang-jwt/jwt/v5 v5.3.1

replace example.invalid/sessionjwt => ../../ffi-go
