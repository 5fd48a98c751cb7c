//! Reports for a board: what a service heard over a period and what it did. The figures come from
//! aggregate queries in the database (`Store::report`); this module holds the pure parts: the period a
//! coordinator asked for, how days group into a readable chart, and the small-number rule.

use super::{ActionStatus, Channel};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The period and conversation a report covers. Days are UTC and both ends are included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub conversation: Option<String>,
}

/// The longest period one report covers.
pub const MAX_REPORT_DAYS: i64 = 366 * 5;
/// A new report covers the last 90 days.
pub const DEFAULT_REPORT_DAYS: i64 = 90;

/// The report form as it arrives: text, possibly empty or junk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub conversation: String,
}

impl ReportQuery {
    /// The filter, or a sentence saying what is wrong. Empty dates mean the last 90 days to `today`.
    pub fn filter(&self, today: NaiveDate) -> Result<ReportFilter, &'static str> {
        let day = |s: &str| -> Result<Option<NaiveDate>, &'static str> {
            match s.trim() {
                "" => Ok(None),
                s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| "Enter dates like 2026-01-31."),
            }
        };
        let to = day(&self.to)?.unwrap_or(today);
        // Checked: a typed year like -262143 is a date chrono reads, and 90 days before it is not.
        let from = day(&self.from)?.unwrap_or_else(|| {
            to.checked_sub_signed(Duration::days(DEFAULT_REPORT_DAYS - 1))
                .unwrap_or(NaiveDate::MIN)
        });
        if from > to {
            return Err("The start date must be on or before the end date.");
        }
        if (to - from).num_days() >= MAX_REPORT_DAYS {
            return Err("A report covers at most five years.");
        }
        let conversation = Some(self.conversation.trim())
            .filter(|c| !c.is_empty() && c.len() <= 100)
            .map(str::to_string);
        Ok(ReportFilter {
            from,
            to,
            conversation,
        })
    }
}

impl ReportFilter {
    /// The query string that gives this report (for links to exports and the board pack).
    pub fn query(&self) -> String {
        let mut pairs = vec![("from", self.from.to_string()), ("to", self.to.to_string())];
        if let Some(c) = &self.conversation {
            pairs.push(("conversation", c.clone()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencoding(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What the database counted for a report. Every count leaves out withdrawn submissions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportFigures {
    pub total: i64,
    /// Submissions per day received, days without any left out.
    pub per_day: Vec<(NaiveDate, i64)>,
    pub by_channel: Vec<(Channel, i64)>,
    /// Submissions by the language they were written in; `None`: not recorded (older ones).
    #[serde(default)]
    pub by_language: Vec<(Option<super::Lang>, i64)>,
    /// (theme, submissions), most first.
    pub by_theme: Vec<(String, i64)>,
    /// Answers to the 1–5 feeling scales: `feeling[0]` counts "Very unhappy".
    pub feeling: [i64; 5],
    /// Submissions linked to at least one action.
    pub linked: i64,
    /// Actions linked to the period's submissions, by where they stand.
    pub actions_by_status: Vec<(ActionStatus, i64)>,
    /// The median time from a submission arriving to its first link to an action, in days.
    pub median_days_to_action: Option<f64>,
    /// Submissions whose words were deleted under the retention rules (still counted).
    pub text_deleted: i64,
}

impl ReportFigures {
    /// The share of the period's input linked to an action, as a whole percentage.
    pub fn linked_percent(&self) -> Option<i64> {
        (self.total > 0).then(|| (self.linked * 100 + self.total / 2) / self.total)
    }
}

/// How a chart groups days: by day for a month, by week up to half a year, by month beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    pub fn for_period(from: NaiveDate, to: NaiveDate) -> Bucket {
        match (to - from).num_days() {
            ..=31 => Bucket::Day,
            ..=183 => Bucket::Week,
            _ => Bucket::Month,
        }
    }

    /// The first day of the group `day` falls in (weeks start on Monday).
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => day,
            Bucket::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Bucket::Month => day.with_day(1).unwrap_or(day),
        }
    }

    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => start + Duration::days(1),
            Bucket::Week => start + Duration::days(7),
            Bucket::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start + Duration::days(31)),
        }
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            Bucket::Day => super::dates::axis_day(start),
            Bucket::Week => format!("w/c {}", super::dates::axis_day(start)),
            Bucket::Month => super::dates::axis_month(start),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }
}

/// Day counts grouped for a chart over the whole period, groups without submissions included as 0.
pub fn over_time(
    per_day: &[(NaiveDate, i64)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(String, i64)> {
    let bucket = Bucket::for_period(from, to);
    let mut out = Vec::new();
    let mut start = bucket.start(from);
    while start <= to {
        let end = bucket.next(start);
        let n = per_day
            .iter()
            .filter(|(d, _)| *d >= start && *d < end)
            .map(|(_, n)| n)
            .sum();
        out.push((bucket.label(start), n));
        start = end;
    }
    out
}

/// Counts small enough to point at a person are not shown: "fewer than 5".
pub const SMALLEST_SHOWN: i64 = 5;

/// A count as people see it, in pages and exports alike.
pub fn shown_count(n: i64) -> String {
    if n < SMALLEST_SHOWN {
        format!("fewer than {SMALLEST_SHOWN}")
    } else {
        n.to_string()
    }
}

/// A count for a chart: suppressed counts are drawn as nothing, never as their true height.
pub fn charted_count(n: i64) -> i64 {
    if n < SMALLEST_SHOWN {
        0
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn an_empty_form_means_the_last_ninety_days() {
        let f = ReportQuery::default()
            .filter(d("2026-11-27"))
            .expect("valid");
        assert_eq!(f.to, d("2026-11-27"));
        assert_eq!(f.from, d("2026-08-30"));
        assert_eq!((f.to - f.from).num_days() + 1, 90);
        assert_eq!(f.conversation, None);
    }

    #[test]
    fn bad_periods_are_refused_with_a_reason() {
        let q = |from: &str, to: &str| ReportQuery {
            from: from.into(),
            to: to.into(),
            conversation: String::new(),
        };
        let today = d("2026-11-27");
        assert!(q("2026-02-30", "").filter(today).is_err());
        assert!(q("yesterday", "").filter(today).is_err());
        assert!(q("2026-05-01", "2026-04-01").filter(today).is_err());
        assert!(q("2010-01-01", "2026-01-01").filter(today).is_err());
        let ok = q(" 2026-01-01 ", "2026-01-31")
            .filter(today)
            .expect("valid");
        assert_eq!(ok.query(), "from=2026-01-01&to=2026-01-31");
    }

    #[test]
    fn days_group_by_day_week_or_month_with_empty_groups_kept() {
        let per_day = vec![
            (d("2026-11-02"), 3),
            (d("2026-11-03"), 2),
            (d("2026-11-20"), 4),
        ];
        let daily = over_time(&per_day, d("2026-11-01"), d("2026-11-30"));
        assert_eq!(daily.len(), 30);
        assert_eq!(daily[1], ("2 Nov".to_string(), 3));
        assert_eq!(daily[0].1, 0);

        let weekly = over_time(&per_day, d("2026-10-01"), d("2026-11-30"));
        // 2026-11-02 is a Monday: its week holds the 2nd and the 3rd.
        let week = weekly.iter().find(|(l, _)| l == "w/c 2 Nov").expect("week");
        assert_eq!(week.1, 5);
        assert_eq!(weekly.iter().map(|(_, n)| n).sum::<i64>(), 9);

        let monthly = over_time(&per_day, d("2026-01-01"), d("2026-12-31"));
        assert_eq!(monthly.len(), 12);
        assert_eq!(monthly[10], ("Nov 2026".to_string(), 9));
    }

    #[test]
    fn counts_under_five_are_never_shown() {
        for n in 0..5 {
            assert_eq!(shown_count(n), "fewer than 5");
            assert_eq!(charted_count(n), 0);
        }
        assert_eq!(shown_count(5), "5");
        assert_eq!(charted_count(12), 12);
    }

    #[test]
    fn the_linked_share_rounds_and_needs_input() {
        let mut f = ReportFigures::default();
        assert_eq!(f.linked_percent(), None);
        f.total = 3;
        f.linked = 2;
        assert_eq!(f.linked_percent(), Some(67));
    }
}

/// How long the words of submissions are kept (an admin sets it). After that a daily job deletes the
/// text answers and keeps the rest (channel, consent, scales, choices, themes), so counts stay true.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// For every conversation without its own rule; `None` keeps words until someone deletes them.
    pub days: Option<u32>,
    /// (conversation id, title, its own rule), which wins over `days`.
    pub conversations: Vec<(String, String, Option<u32>)>,
}

/// The longest rule: a hundred years is "keep".
pub const MAX_KEEP_DAYS: u32 = 36_500;

impl Retention {
    /// The rule for one conversation.
    pub fn days_for(&self, conversation: &str) -> Option<u32> {
        self.conversations
            .iter()
            .find(|(id, _, _)| id == conversation)
            .and_then(|(_, _, own)| *own)
            .or(self.days)
    }
}

/// A number of days as typed in the retention form: empty means no rule.
pub fn parse_keep_days(s: &str) -> Result<Option<u32>, &'static str> {
    match s.trim() {
        "" => Ok(None),
        s => s
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_KEEP_DAYS).contains(d))
            .map(Some)
            .ok_or(
                "Enter a whole number of days from 1 to 36500, or leave it empty to keep words.",
            ),
    }
}

/// What one purge did for one conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purged {
    pub conversation: String,
    pub days: u32,
    pub submissions: u64,
}

#[cfg(test)]
mod retention_tests {
    use super::*;

    #[test]
    fn a_conversation_rule_wins_over_the_general_one() {
        let r = Retention {
            days: Some(365),
            conversations: vec![
                ("a".into(), "A".into(), Some(30)),
                ("b".into(), "B".into(), None),
            ],
        };
        assert_eq!(r.days_for("a"), Some(30));
        assert_eq!(r.days_for("b"), Some(365));
        assert_eq!(Retention::default().days_for("a"), None);
    }

    #[test]
    fn days_are_whole_numbers_in_range_or_empty() {
        assert_eq!(parse_keep_days(" "), Ok(None));
        assert_eq!(parse_keep_days("90"), Ok(Some(90)));
        for bad in ["0", "-1", "1.5", "ninety", "36501"] {
            assert!(parse_keep_days(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any day chrono can hold, as a form would send it (including years beyond four digits).
    fn any_day() -> impl Strategy<Value = NaiveDate> {
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
    }

    fn near_day() -> impl Strategy<Value = NaiveDate> {
        (700_000i32..760_000)
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in range"))
    }

    /// The first and last 200 days chrono holds.
    fn edge_day() -> impl Strategy<Value = NaiveDate> {
        (0i64..200, any::<bool>()).prop_map(|(n, first)| {
            if first {
                NaiveDate::MIN + Duration::days(n)
            } else {
                NaiveDate::MAX - Duration::days(n)
            }
        })
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            ".{0,12}",
            any_day().prop_map(|d| d.to_string()),
            near_day().prop_map(|d| d.to_string()),
            edge_day().prop_map(|d| d.to_string()),
        ]
    }

    /// The ends of the calendar are where date arithmetic overflows.
    #[test]
    fn the_first_and_last_days_chrono_knows_are_a_period_or_a_reason() {
        for (from, to) in [
            (String::new(), NaiveDate::MIN.to_string()),
            (NaiveDate::MIN.to_string(), String::new()),
            (String::new(), NaiveDate::MAX.to_string()),
            (NaiveDate::MAX.to_string(), NaiveDate::MAX.to_string()),
        ] {
            let q = ReportQuery {
                from,
                to,
                conversation: String::new(),
            };
            let _ = q.filter(NaiveDate::MIN);
            let _ = q.filter(NaiveDate::MAX);
        }
    }

    proptest! {
        /// Any form, any day: a period or a reason, never a panic; a period is never backwards or
        /// longer than the limit.
        #[test]
        fn any_report_form_is_a_period_or_a_reason(
            from in field(),
            to in field(),
            conversation in ".{0,8}",
            today in prop_oneof![any_day(), near_day(), edge_day()],
        ) {
            let q = ReportQuery { from, to, conversation };
            if let Ok(f) = q.filter(today) {
                prop_assert!(f.from <= f.to);
                prop_assert!((f.to - f.from).num_days() < MAX_REPORT_DAYS);
            }
        }

        /// A report's link opens the same report.
        #[test]
        fn a_periods_link_reads_back_as_the_same_period(
            from in near_day(),
            days in 0i64..MAX_REPORT_DAYS,
            conversation in proptest::option::of("[a-z -]{1,20}"),
            today in any_day(),
        ) {
            let conversation = conversation.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
            let filter = ReportFilter { from, to: from + Duration::days(days), conversation };
            let q: ReportQuery = serde_urlencoded::from_str(&filter.query()).expect("the link reads");
            prop_assert_eq!(q.filter(today), Ok(filter));
        }

        #[test]
        fn keep_days_read_as_a_number_in_range_or_a_reason(raw in prop_oneof![".{0,8}", "[0-9]{1,6}"]) {
            if let Ok(Some(days)) = parse_keep_days(&raw) {
                prop_assert_eq!(parse_keep_days(&days.to_string()), Ok(Some(days)));
            }
        }
    }
}
