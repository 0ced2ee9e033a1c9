//! Crisis and support lines, exactly as verified in the project's HELPLINES list, in one place: Help now shows
//! them (through the app's `helplines` command), the safety plan lists them under "Professionals and services",
//! and its export prints them. Change these only from a re-verified list, and update [`CHECKED`] with it.

use serde::Serialize;

/// When the list was last checked against the verified sources.
pub const CHECKED: &str = "November 2026";

/// A crisis or support line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Helpline {
    pub region: &'static str,
    pub name: &'static str,
    /// What it is for, when the name does not say.
    pub detail: &'static str,
    /// How to reach it.
    pub how: &'static str,
    pub hours: &'static str,
}

/// An emergency number and where it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Emergency {
    pub number: &'static str,
    pub places: &'static str,
}

/// A mutual-help fellowship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MutualHelp {
    pub name: &'static str,
    pub site: &'static str,
}

const fn line(region: &'static str, name: &'static str, how: &'static str, hours: &'static str) -> Helpline {
    Helpline { region, name, detail: "", how, hours }
}

pub const LINES: &[Helpline] = &[
    line("United States", "988 Suicide & Crisis Lifeline", "Call or text 988; chat at 988lifeline.org", "24/7"),
    line("United States", "Veterans Crisis Line", "Dial 988 then press 1; text 838255", "24/7"),
    Helpline {
        region: "United States",
        name: "SAMHSA National Helpline",
        detail: "Treatment referral and information for substance use and mental health. Free and confidential, in \
                 English and Spanish.",
        how: "Call 1-800-662-4357 (1-800-662-HELP)",
        hours: "24/7, 365 days a year",
    },
    line("United States", "Crisis Text Line", "Text HOME to 741741", "24/7"),
    line("Canada", "9-8-8 Suicide Crisis Helpline", "Call or text 988", "24/7"),
    line("United Kingdom and Ireland", "Samaritans", "Call 116 123 (free)", "24/7"),
    line("United Kingdom", "Shout", "Text SHOUT to 85258", "24/7"),
    line("England", "NHS 111 (urgent mental health help)", "Call 111 and choose the mental health option", "24/7"),
    line("Australia", "Lifeline", "Call 13 11 14; text 0477 13 11 14", "24/7"),
    line("New Zealand", "Need to talk?", "Call or text 1737", "24/7"),
    Helpline {
        region: "Anywhere",
        name: "Find A Helpline",
        detail: "A directory of free helplines by country.",
        how: "findahelpline.com",
        hours: "",
    },
];

pub const EMERGENCY: &[Emergency] = &[
    Emergency { number: "911", places: "United States, Canada" },
    Emergency { number: "999", places: "United Kingdom" },
    Emergency { number: "112", places: "European Union and many other countries" },
    Emergency { number: "000", places: "Australia" },
    Emergency { number: "111", places: "New Zealand" },
];

pub const MUTUAL_HELP: &[MutualHelp] = &[
    MutualHelp { name: "Alcoholics Anonymous", site: "aa.org" },
    MutualHelp { name: "Narcotics Anonymous", site: "na.org" },
    MutualHelp { name: "SMART Recovery", site: "smartrecovery.org" },
    MutualHelp { name: "Al-Anon / Alateen (for families)", site: "al-anon.org" },
];

/// Everything Help now shows, as one value for the UI.
#[derive(Debug, Clone, Serialize)]
pub struct Helplines {
    pub checked: &'static str,
    pub lines: &'static [Helpline],
    pub emergency: &'static [Emergency],
    pub mutual_help: &'static [MutualHelp],
}

pub fn all() -> Helplines {
    Helplines { checked: CHECKED, lines: LINES, emergency: EMERGENCY, mutual_help: MUTUAL_HELP }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers that must be exactly right (HELPLINES.md, November 2026).
    #[test]
    fn the_crisis_numbers_are_the_verified_ones() {
        let how = |name: &str| LINES.iter().find(|l| l.name == name).map(|l| l.how).unwrap();
        assert_eq!(how("988 Suicide & Crisis Lifeline"), "Call or text 988; chat at 988lifeline.org");
        assert_eq!(how("SAMHSA National Helpline"), "Call 1-800-662-4357 (1-800-662-HELP)");
        assert_eq!(how("Samaritans"), "Call 116 123 (free)");
        assert_eq!(how("Lifeline"), "Call 13 11 14; text 0477 13 11 14");
        assert_eq!(how("Need to talk?"), "Call or text 1737");
        assert_eq!(how("Crisis Text Line"), "Text HOME to 741741");
        assert_eq!(how("Shout"), "Text SHOUT to 85258");
        assert_eq!(how("9-8-8 Suicide Crisis Helpline"), "Call or text 988");
        assert_eq!(EMERGENCY.iter().map(|e| e.number).collect::<Vec<_>>(), ["911", "999", "112", "000", "111"]);
    }
}
