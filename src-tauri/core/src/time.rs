//! Dates and times as Haven writes them in file names and exports: UTC, from and to Unix milliseconds.
//!
//! Haven stores every moment as Unix milliseconds. Exports need them as text (ISO 8601, which the W3C Web
//! Annotation model and Readwise's CSV both take) and must read them back exactly, so both directions live here,
//! with no time-zone database: what a person sees in the app is formatted by the webview in their own zone.

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// `(year, month, day)` of a day counted from 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The day number (from 1970-01-01) of a civil date; the inverse of [`civil`].
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` (UTC) of a moment.
pub fn civil_date(ms: i64) -> String {
    let (year, month, day) = civil(ms.div_euclid(86_400_000));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`: ISO 8601 in UTC, to the millisecond, as the W3C Web Annotation model writes
/// `created` and `modified`.
pub fn iso8601(ms: i64) -> String {
    let (date, clock) = split(ms);
    format!("{date}T{clock}.{:03}Z", ms.rem_euclid(1_000))
}

/// `YYYY-MM-DD HH:MM:SS` in UTC: the form Readwise's CSV import reads.
pub fn date_time(ms: i64) -> String {
    let (date, clock) = split(ms);
    format!("{date} {clock}")
}

/// `YYYY-MM-DD-HHMMSS` in UTC: a moment in a file name, sorting as it reads.
pub fn file_stamp(ms: i64) -> String {
    let (date, clock) = split(ms);
    format!("{date}-{}", clock.replace(':', ""))
}

fn split(ms: i64) -> (String, String) {
    let seconds = ms.div_euclid(1_000).rem_euclid(86_400);
    (civil_date(ms), format!("{:02}:{:02}:{:02}", seconds / 3_600, seconds / 60 % 60, seconds % 60))
}

/// Reads an ISO 8601 moment with a date, a time and a zone (`Z` or `±HH:MM`), to the millisecond; a date alone
/// is taken as its midnight in UTC. `None` for anything else, or a date that does not exist.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let mut parts = date.split('-');
    let (year, month, day) = (number(parts.next()?, 4)?, number(parts.next()?, 2)?, number(parts.next()?, 2)?);
    if parts.next().is_some() || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400_000;
    if rest.is_empty() {
        return Some(midnight);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => return None,
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = hms.split(':');
    let (hour, minute) = (number(hms.next()?, 2)?, number(hms.next()?, 2)?);
    let second = match hms.next() {
        Some(s) => number(s, 2)?,
        None => 0,
    };
    if hms.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let millis = format!("{fraction:0<3}").get(..3)?.parse::<i64>().ok()?;
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (h, m) = zone[1..].split_once(':')?;
            sign * (number(h, 2)? * 60 + number(m, 2)?) * 60_000
        }
    };
    Some(midnight + ((hour * 60 + minute) * 60 + second) * 1_000 + millis - offset)
}

fn number(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_utc_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(951_782_400_000), "2000-02-29");
        assert_eq!(civil_date(1_795_219_200_000), "2026-11-21");
        assert_eq!(civil_date(-1), "1969-12-31");
    }

    #[test]
    fn moments_are_written_in_each_form() {
        let ms = 1_795_317_540_123; // 2026-11-22 03:19:00.123 UTC
        assert_eq!(iso8601(ms), "2026-11-22T03:19:00.123Z");
        assert_eq!(date_time(ms), "2026-11-22 03:19:00");
        assert_eq!(file_stamp(ms), "2026-11-22-031900");
    }

    #[test]
    fn iso8601_reads_back_what_it_writes_to_the_millisecond() {
        for ms in [0, 1, 999, 951_782_400_000, 1_795_317_540_123, 4_102_444_799_999, -86_400_001] {
            assert_eq!(parse_iso8601(&iso8601(ms)), Some(ms), "{}", iso8601(ms));
        }
    }

    #[test]
    fn iso8601_reads_zones_dates_and_fractions() {
        let base = parse_iso8601("2026-11-22T03:19:00Z").unwrap();
        assert_eq!(parse_iso8601("2026-11-22T05:19:00+02:00"), Some(base));
        assert_eq!(parse_iso8601("2026-11-21T22:19:00-05:00"), Some(base));
        assert_eq!(parse_iso8601("2026-11-22T03:19Z"), Some(base));
        assert_eq!(parse_iso8601("2026-11-22T03:19:00.5Z"), Some(base + 500));
        assert_eq!(parse_iso8601("2026-11-22T03:19:00.123456Z"), Some(base + 123));
        assert_eq!(parse_iso8601("2026-11-22"), Some(base - (3 * 60 + 19) * 60_000));
    }

    #[test]
    fn iso8601_refuses_what_is_not_a_moment() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-29",
            "2026-11-22T03:19:00",
            "2026-11-22T25:00:00Z",
            "2026-11-22T03:19:00.1x2Z",
            "2026-11-22T03:19:00+0200",
            "２０２６-11-22",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
