//! The safety plan as Markdown: each step with the reader's entries (phone numbers beside their names), the
//! crisis lines under "Professionals and services", and the emergency numbers. Everything the reader wrote is
//! escaped, so it reads as written in any Markdown viewer.

use crate::helplines;
use crate::markdown::escape;
use crate::model::{PlanItem, PlanSection};
use crate::time;

/// The plan as a Markdown document; `made` (Unix milliseconds) is written as its date.
pub fn markdown(items: &[PlanItem], made: i64) -> String {
    let mut out = format!(
        "# My safety plan\n\nWritten in Haven, {}. If you are in danger now, call your local emergency number \
         ({}).\n",
        time::civil_date(made),
        helplines::EMERGENCY.iter().map(|e| format!("{} in {}", e.number, e.places)).collect::<Vec<_>>().join("; ")
    );
    let mut relapse_heading = false;
    for (n, section) in PlanSection::ALL.into_iter().enumerate() {
        let entries: Vec<&PlanItem> = items
            .iter()
            .filter(|i| i.section == section && !(i.text.trim().is_empty() && i.phone.trim().is_empty()))
            .collect();
        if section.is_relapse() {
            if entries.is_empty() {
                continue;
            }
            if !relapse_heading {
                out.push_str("\n# My relapse prevention plan\n");
                relapse_heading = true;
            }
        }
        let step = if section.is_relapse() { String::new() } else { format!("Step {}: ", n + 1) };
        out.push_str(&format!("\n## {step}{}\n\n", section.title()));
        if entries.is_empty() && section != PlanSection::Professionals {
            out.push_str("- \n");
        }
        for entry in entries {
            let text = entry.text.lines().map(|l| escape(l.trim())).filter(|l| !l.is_empty()).collect::<Vec<_>>();
            let text = text.join("  \n  ");
            match (text.is_empty(), entry.phone.trim().is_empty()) {
                (_, true) => out.push_str(&format!("- {text}\n")),
                (true, false) => out.push_str(&format!("- **{}**\n", escape(entry.phone.trim()))),
                (false, false) => out.push_str(&format!("- {text}: **{}**\n", escape(entry.phone.trim()))),
            }
        }
        if section == PlanSection::Professionals {
            out.push_str("\nCrisis lines, any time:\n\n");
            for line in helplines::LINES {
                let hours = if line.hours.is_empty() { String::new() } else { format!(" ({})", line.hours) };
                out.push_str(&format!("- {}, {}: **{}**{hours}\n", line.name, line.region, line.how));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, section: PlanSection, text: &str, phone: &str) -> PlanItem {
        PlanItem { id, section, text: text.into(), phone: phone.into(), updated: 0 }
    }

    #[test]
    fn the_plan_reads_step_by_step_with_the_crisis_lines() {
        let plan = [
            item(1, PlanSection::People, "Sam", "07700 900123"),
            item(2, PlanSection::WarningSigns, "Not sleeping\nSkipping meals", ""),
            item(3, PlanSection::Reasons, "*My* kids <b>", ""),
            item(4, PlanSection::Coping, "", ""),
        ];
        let text = markdown(&plan, 1_795_317_540_123);
        assert!(text.starts_with("# My safety plan\n\nWritten in Haven, 2026-11-22."), "{text}");
        assert!(
            text.contains(
                "## Step 1: Warning signs that a hard time may be starting\n\n- Not sleeping  \n  Skipping meals\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("## Step 2: Things I can do on my own to feel a little better\n\n- \n"),
            "an empty step stays, to fill in on paper: {text}"
        );
        assert!(text.contains("## Step 4: People I can ask for help\n\n- Sam: **07700 900123**\n"), "{text}");
        assert!(text.contains("- Samaritans, United Kingdom and Ireland: **Call 116 123 (free)** (24/7)\n"), "{text}");
        assert!(text.contains("- \\*My\\* kids \\<b\\>\n"), "written markup shows as written: {text}");
        assert!(!text.contains("relapse prevention"), "the optional part only when it has entries");
        let with_relapse = markdown(&[item(5, PlanSection::Triggers, "Payday", "")], 0);
        assert!(
            with_relapse.contains(
                "# My relapse prevention plan\n\n## Things that can set off a craving or a slip\n\n- Payday\n"
            ),
            "{with_relapse}"
        );
    }
}
