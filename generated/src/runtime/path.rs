//! Path-segment percent-encoding.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 "unreserved" characters is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` as exactly one path segment: `/`, `?`, `#`, `%`, spaces and non-ASCII are
/// percent-encoded, so a value can never change which resource a path addresses.
/// (`.` and `..` are refused earlier, by `check_path_segment`.)
pub(crate) fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn reserved_and_non_ascii_characters_are_encoded() {
        assert_eq!(segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(segment("../x"), "..%2Fx");
        assert_eq!(segment("é"), "%C3%A9");
        assert_eq!(segment("conn-1.2_x~y"), "conn-1.2_x~y");
    }
}
