//! Every date and time Cairn shows a person, formatted in one place: day first, the month as a word, and
//! times in UTC with the zone said. One style everywhere ("12 November 2026"); chart axes, where space
//! is short, use the short month ("12 Nov").

use chrono::{DateTime, NaiveDate, Utc};

/// "12 November 2026".
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "12 November 2026" for a moment.
pub fn day_of(t: DateTime<Utc>) -> String {
    day(t.date_naive())
}

/// "12 November 2026, 14:05 UTC".
pub fn moment(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y, %H:%M UTC").to_string()
}

/// "12 November 2026, 14:05:09 UTC", for the audit log, where the order of close events matters.
pub fn moment_seconds(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y, %H:%M:%S UTC").to_string()
}

/// "12 Nov", a chart axis's day.
pub fn axis_day(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

/// "Nov 2026", a chart axis's month.
pub fn axis_month(d: NaiveDate) -> String {
    d.format("%b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn one_style() {
        let t = Utc.with_ymd_and_hms(2026, 11, 2, 9, 5, 7).unwrap();
        assert_eq!(day_of(t), "2 November 2026");
        assert_eq!(moment(t), "2 November 2026, 09:05 UTC");
        assert_eq!(moment_seconds(t), "2 November 2026, 09:05:07 UTC");
        assert_eq!(axis_day(t.date_naive()), "2 Nov");
        assert_eq!(axis_month(t.date_naive()), "Nov 2026");
    }
}
