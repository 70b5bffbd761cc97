#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| sessionjwt_fuzz::pem(data));
