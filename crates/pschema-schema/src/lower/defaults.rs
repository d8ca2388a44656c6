//! Server defaults: the value written, and whether it fits the column.

use super::{Lowerer, did_you_mean, type_name};
use crate::model::*;
use pschema_syntax::Diagnostic;
use pschema_syntax::ast::{Argument, Attribute, Expr};

impl Lowerer {
    pub(super) fn default_value(
        &mut self,
        attribute: &Attribute,
        ty: &ColumnType,
        schema: &Schema,
        column: &str,
    ) -> Option<DefaultValue> {
        let expr = self.positional(attribute, "a value, `now()` or `sql(\"...\")`")?;
        let (value, shown) = match expr {
            Expr::Number { text, .. } => (DefaultValue::Number(text.clone()), text.clone()),
            Expr::String(s) => {
                self.no_nul("a default", &s.value, s.span);
                (DefaultValue::String(s.value.clone()), format!("\"{}\"", s.value))
            }
            Expr::Ident(ident) if ident.name == "true" || ident.name == "false" => {
                (DefaultValue::Boolean(ident.name == "true"), ident.name.clone())
            }
            Expr::Ident(ident) if matches!(ty, ColumnType::Enum(_)) => {
                (DefaultValue::String(ident.name.clone()), ident.name.clone())
            }
            Expr::Call { name, args, .. } if name.name == "now" && args.is_empty() => {
                (DefaultValue::Now, "now()".into())
            }
            Expr::Call { name, args, .. } if name.name == "sql" => match args.as_slice() {
                [
                    Argument {
                        name: None,
                        value: Expr::String(s),
                        ..
                    },
                ] if !s.value.trim().is_empty() => {
                    self.no_nul("a default", &s.value, s.span);
                    return Some(DefaultValue::Sql(s.value.clone()));
                }
                _ => {
                    self.error(
                        Diagnostic::error("`sql(...)` takes one non-empty string of SQL", expr.span())
                            .with_label("expected `sql(\"...\")`"),
                    );
                    return None;
                }
            },
            other => {
                self.error(
                    Diagnostic::error(
                        "a default must be a number, a string, true, false, now() or sql(\"...\")",
                        other.span(),
                    )
                    .with_label("not a default value"),
                );
                return None;
            }
        };
        let fits = match (&value, ty) {
            (DefaultValue::Number(text), t) if t.is_integer() => !text.contains('.'),
            (DefaultValue::Number(_), ColumnType::Float | ColumnType::Numeric { .. }) => true,
            (DefaultValue::String(s), ColumnType::String { length }) => {
                length.is_none_or(|n| s.chars().count() <= n as usize)
            }
            (
                DefaultValue::String(_),
                ColumnType::Text | ColumnType::Json | ColumnType::Date | ColumnType::DateTime { .. } | ColumnType::Time,
            ) => true,
            (DefaultValue::String(s), ColumnType::Enum(name)) => {
                let labels = self.enum_named(schema, name).map_or(&[][..], |e| &e.labels[..]);
                if !labels.contains(s) {
                    self.error(did_you_mean(
                        Diagnostic::error(format!("default `{s}` is not a label of enum `{name}`"), expr.span())
                            .with_label("unknown label")
                            .with_note(format!("labels: {}", labels.join(", "))),
                        s,
                        labels.iter().map(String::as_str),
                    ));
                    return None;
                }
                true
            }
            (DefaultValue::Boolean(_), ColumnType::Boolean) => true,
            // A quoted value on a number or a boolean, as SQLAlchemy's
            // `server_default="0"` writes it: the database reads the string
            // as a value of the column's type, so it must be one.
            (DefaultValue::String(s), t) if t.is_integer() => s.trim().parse::<i128>().is_ok(),
            (DefaultValue::String(s), ColumnType::Float | ColumnType::Numeric { .. }) => {
                s.trim().parse::<f64>().is_ok_and(f64::is_finite)
            }
            (DefaultValue::String(s), ColumnType::Boolean) => is_boolean_literal(s),
            (DefaultValue::Now, ColumnType::DateTime { .. } | ColumnType::Date | ColumnType::Time) => true,
            _ => false,
        };
        if !fits {
            self.error(
                Diagnostic::error(
                    format!(
                        "default {shown} does not fit column `{column}` of type {}",
                        type_name(ty)
                    ),
                    expr.span(),
                )
                .with_label("wrong kind of value for this column"),
            );
            return None;
        }
        let number = match &value {
            DefaultValue::Number(text) => Some(text.as_str()),
            DefaultValue::String(text)
                if ty.is_integer() || matches!(ty, ColumnType::Float | ColumnType::Numeric { .. }) =>
            {
                Some(text.trim())
            }
            _ => None,
        };
        if let Some(text) = number
            && let Some(problem) = out_of_range(text, ty)
        {
            self.error(
                Diagnostic::error(format!("default {text} {problem}"), expr.span())
                    .with_label("out of range")
                    .with_note("PostgreSQL refuses every row that takes this default"),
            );
            return None;
        }
        Some(value)
    }
}

/// What PostgreSQL reads as a boolean (and SQLite stores as written).
fn is_boolean_literal(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "true" | "false" | "t" | "f" | "yes" | "no" | "y" | "n" | "on" | "off" | "1" | "0"
    )
}

/// Why a number does not fit a numeric column, as PostgreSQL decides: the
/// integer types' ranges, NUMERIC's digits before the point once rounded to
/// its scale, and double precision's range.
fn out_of_range(text: &str, ty: &ColumnType) -> Option<String> {
    let integer_range = match ty {
        ColumnType::SmallInteger => Some((i16::MIN as i128, i16::MAX as i128)),
        ColumnType::Integer => Some((i32::MIN as i128, i32::MAX as i128)),
        ColumnType::BigInteger => Some((i64::MIN as i128, i64::MAX as i128)),
        _ => None,
    };
    if let Some((min, max)) = integer_range {
        // Too many digits for an i128 is out of range too.
        let fits = text.parse::<i128>().is_ok_and(|n| (min..=max).contains(&n));
        return (!fits).then(|| format!("is out of range for {} ({min} to {max})", type_name(ty)));
    }
    match ty {
        ColumnType::Numeric {
            precision: Some(p),
            scale,
        } => {
            let s = scale.unwrap_or(0);
            let allowed = p.saturating_sub(s) as usize;
            (integer_digits_rounded(text, s as usize) > allowed).then(|| {
                format!(
                    "does not fit {}: at most {allowed} digit(s) before the point",
                    type_name(ty)
                )
            })
        }
        ColumnType::Float => text
            .parse::<f64>()
            .is_ok_and(f64::is_infinite)
            .then(|| "is out of range for Float (double precision)".to_string()),
        _ => None,
    }
}

/// How many digits `-?\d+(\.\d+)?` has before the point once rounded
/// half away from zero to `scale` decimals, leading zeros aside.
fn integer_digits_rounded(text: &str, scale: usize) -> usize {
    let unsigned = text.trim_start_matches('-');
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut digits: Vec<u8> = whole.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    let fraction: Vec<u8> = fraction.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    digits.extend((0..scale).map(|i| fraction.get(i).copied().unwrap_or(0)));
    if fraction.get(scale).is_some_and(|d| *d >= 5) {
        // Carry the rounding up through the kept digits.
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let whole_digits = &digits[..digits.len() - scale];
    whole_digits.iter().skip_while(|d| **d == 0).count()
}

#[cfg(test)]
mod tests {
    use super::integer_digits_rounded;

    #[test]
    fn rounding_can_add_a_digit_before_the_point() {
        assert_eq!(integer_digits_rounded("999.994", 2), 3);
        assert_eq!(integer_digits_rounded("999.995", 2), 4);
        assert_eq!(integer_digits_rounded("-0.5", 0), 1);
        assert_eq!(integer_digits_rounded("0.49", 0), 0);
        assert_eq!(integer_digits_rounded("0012", 0), 2);
        assert_eq!(integer_digits_rounded("9.96", 1), 2);
    }
}
