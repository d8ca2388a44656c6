//! The bound on bracket nesting, checked before pest runs.
//!
//! pest, the AST builder, the formatter, lowering and even dropping the tree
//! recurse once per nested call, so input nested thousands deep would overflow
//! the stack in each of them. One scan here keeps every consumer of the AST
//! safe, and costs a byte loop instead of a guard on every rule call (which
//! is what made pest 2.9 slower).

/// How deep `(`, `[` and `{` may nest. A schema needs three (`table {`,
/// `@default(`, `sql(`); the parser and formatter fit this in a 256 KiB stack
/// even in a debug build.
pub const MAX_NESTING: usize = 32;

/// The byte offset of the first opening bracket that goes deeper than
/// [`MAX_NESTING`], skipping strings and comments as the grammar reads them.
pub(crate) fn too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    brackets(source, |at, byte| {
        if matches!(byte, b'(' | b'[' | b'{') {
            depth += 1;
            if depth > MAX_NESTING {
                return Some(at);
            }
        } else {
            depth = depth.saturating_sub(1);
        }
        None
    })
}

/// The offset of the innermost bracket still open at the end of `text`.
pub(crate) fn innermost_open(text: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    brackets(text, |at, byte| {
        if matches!(byte, b'(' | b'[' | b'{') {
            open.push(at);
        } else {
            open.pop();
        }
        None::<()>
    });
    open.last().copied()
}

/// Calls `seen(offset, byte)` for each bracket outside strings and comments,
/// until it returns something.
fn brackets<T>(text: &str, mut seen: impl FnMut(usize, u8) -> Option<T>) -> Option<T> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            byte @ (b'(' | b'[' | b'{' | b')' | b']' | b'}') => {
                if let Some(found) = seen(i, byte) {
                    return Some(found);
                }
            }
            b'"' => i = string_end(bytes, i + 1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the closing quote of a string whose text starts at `i`, or of
/// the newline that leaves it unterminated; an escape takes any next byte, a
/// newline included, as `string_inner` does.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\n' => return i,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let deep = "(".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&format!("\"{deep}\"")), None);
        assert_eq!(too_deep(&format!("\"\\\"{deep}\"")), None);
        assert_eq!(too_deep(&format!("// {deep}\n")), None);
        assert_eq!(too_deep(&format!("\"a\n{deep}")), Some(3 + MAX_NESTING));
        assert_eq!(too_deep(&format!("// x\n{deep}")), Some(5 + MAX_NESTING));
        assert_eq!(too_deep(&"()".repeat(10_000)), None);
    }

    #[test]
    fn the_innermost_open_bracket() {
        assert_eq!(innermost_open("table t { x @a(b) "), Some(8));
        assert_eq!(innermost_open("table t { x @a(b, \"(\" "), Some(14));
        assert_eq!(innermost_open("table t { } "), None);
    }
}
