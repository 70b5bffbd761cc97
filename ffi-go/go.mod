module example.invalid/sessionjwt

go 1.24
