//! hclog-style JSON log lines on stderr, so Terraform keeps their levels.
//!
//! go-plugin's client reads the plugin's stderr line by line; a line that is a JSON object
//! with `@level` and `@message` is re-logged at that level under Terraform's provider
//! logger (`TF_LOG_PROVIDER`, else `TF_LOG`), anything else becomes a debug line. stdout
//! belongs to the handshake and is never written here.
//!
//! The level is read once from the same variables Terraform uses, so a provider does not
//! format lines Terraform would drop anyway. Without them nothing is logged under
//! Terraform, which is what Terraform users see from every other provider.

use std::fmt;
use std::io::Write;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// hclog's levels, most verbose first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    /// Logs nothing; only used as a threshold.
    Off,
}

impl Level {
    /// The `@level` value hclog writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Off => "off",
        }
    }

    /// Reads a `TF_LOG`-style value. Terraform treats `JSON` as trace and any other
    /// unrecognised non-empty value as trace too; empty means "not set".
    pub fn from_env_value(value: &str) -> Option<Level> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        Some(match value.to_ascii_lowercase().as_str() {
            "debug" => Level::Debug,
            "info" => Level::Info,
            "warn" => Level::Warn,
            "error" => Level::Error,
            "off" => Level::Off,
            _ => Level::Trace,
        })
    }
}

/// The variables Terraform reads for provider logs, most specific first.
const LEVEL_VARIABLES: [&str; 3] = ["TF_LOG_PROVIDER_SCORE", "TF_LOG_PROVIDER", "TF_LOG"];

/// The `@module` of every line.
const MODULE: &str = "score";

static THRESHOLD: OnceLock<Level> = OnceLock::new();

/// Picks the level from the environment; `default` applies when no variable is set.
/// Only the first call has an effect, later calls (tests, a second server) keep it.
pub fn init_from_env(default: Level) {
    let level = LEVEL_VARIABLES
        .iter()
        .find_map(|name| {
            std::env::var(name)
                .ok()
                .and_then(|v| Level::from_env_value(&v))
        })
        .unwrap_or(default);
    let _ = THRESHOLD.set(level);
}

/// Whether a line at `level` would be written (callers can skip building costly messages).
pub fn enabled(level: Level) -> bool {
    level != Level::Off && level >= *THRESHOLD.get().unwrap_or(&Level::Off)
}

/// Writes one log line with optional extra fields (`"key": "value"` pairs).
pub fn log(level: Level, message: &str, fields: &[(&str, &dyn fmt::Display)]) {
    if !enabled(level) {
        return;
    }
    let line = format_line(level, message, fields, SystemTime::now());
    // A closed stderr is not worth dying for: the line is lost, the provider goes on.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Logs at trace level.
pub fn trace(message: &str) {
    log(Level::Trace, message, &[]);
}

/// Logs at debug level.
pub fn debug(message: &str) {
    log(Level::Debug, message, &[]);
}

/// Logs at info level.
pub fn info(message: &str) {
    log(Level::Info, message, &[]);
}

/// Logs at warn level.
pub fn warn(message: &str) {
    log(Level::Warn, message, &[]);
}

/// Logs at error level.
pub fn error(message: &str) {
    log(Level::Error, message, &[]);
}

/// One hclog JSON line, newline included.
pub fn format_line(
    level: Level,
    message: &str,
    fields: &[(&str, &dyn fmt::Display)],
    at: SystemTime,
) -> String {
    let mut line = String::with_capacity(128 + message.len());
    line.push_str("{\"@level\":\"");
    line.push_str(level.as_str());
    line.push_str("\",\"@message\":");
    push_json_string(&mut line, message);
    line.push_str(",\"@module\":\"");
    line.push_str(MODULE);
    line.push_str("\",\"@timestamp\":\"");
    line.push_str(&timestamp(at));
    line.push('"');
    for (key, value) in fields {
        line.push(',');
        push_json_string(&mut line, key);
        line.push(':');
        push_json_string(&mut line, &value.to_string());
    }
    line.push_str("}\n");
    line
}

/// Appends `text` as a JSON string literal.
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// hclog's timestamp layout, `2006-01-02T15:04:05.000000Z07:00`, in UTC.
fn timestamp(at: SystemTime) -> String {
    let since_epoch = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_from_days(seconds / 86_400);
    let of_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
        since_epoch.subsec_micros()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm,
/// restricted to dates after the epoch).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn levels_from_terraform_values() {
        let cases = [
            ("", None),
            ("  ", None),
            ("TRACE", Some(Level::Trace)),
            ("debug", Some(Level::Debug)),
            ("Info", Some(Level::Info)),
            ("WARN", Some(Level::Warn)),
            ("ERROR", Some(Level::Error)),
            ("off", Some(Level::Off)),
            ("JSON", Some(Level::Trace)),
            ("1", Some(Level::Trace)),
        ];
        for (value, expected) in cases {
            assert_eq!(Level::from_env_value(value), expected, "TF_LOG={value:?}");
        }
    }

    #[test]
    fn timestamps_in_hclog_layout() {
        let cases = [
            (0, 0, "1970-01-01T00:00:00.000000Z"),
            (951_782_400, 5, "2000-02-29T00:00:00.000005Z"),
            (1_798_761_599, 999_999, "2026-12-31T23:59:59.999999Z"),
            (4_107_542_400, 123_000, "2100-03-01T00:00:00.123000Z"),
        ];
        for (seconds, micros, expected) in cases {
            let at = UNIX_EPOCH + Duration::from_secs(seconds) + Duration::from_micros(micros);
            assert_eq!(timestamp(at), expected, "{seconds}s");
        }
    }

    #[test]
    fn lines_are_one_json_object_each() {
        let pid = 42;
        let line = format_line(
            Level::Warn,
            "a \"quoted\"\nmulti-line\u{1} message",
            &[("pid", &pid), ("path", &"/tmp/x")],
            UNIX_EPOCH,
        );
        assert_eq!(
            line,
            "{\"@level\":\"warn\",\"@message\":\"a \\\"quoted\\\"\\nmulti-line\\u0001 message\",\
             \"@module\":\"score\",\"@timestamp\":\"1970-01-01T00:00:00.000000Z\",\
             \"pid\":\"42\",\"path\":\"/tmp/x\"}\n"
        );
    }
}
