//! The operating system's own speech, through the `tts` crate: speech-dispatcher on Linux, AVFoundation on
//! macOS, WinRT on Windows. Nothing is downloaded and nothing leaves the computer.

use std::sync::mpsc::Sender;

use haven_core::{Error, ErrorKind, Result};
use tts::{Tts, UtteranceId};

use super::speaker::{Engine, Message, VoiceChoice};

pub(super) struct OsVoice {
    tts: Tts,
}

/// Connects to the system's speech engine; its "utterance ended" callbacks are sent to `inbox`.
pub(super) fn connect(inbox: Sender<Message>) -> Result<Box<dyn Engine>> {
    let tts = Tts::default().map_err(|e| unavailable(&e.to_string()))?;
    if tts.supported_features().utterance_callbacks {
        tts.on_utterance_end(Some(Box::new(move |id| {
            let _ = inbox.send(Message::Ended(key(&id)));
        })))
        .map_err(|e| unavailable(&e.to_string()))?;
    } else {
        return Err(unavailable("it cannot report when it has finished a sentence"));
    }
    Ok(Box::new(OsVoice { tts }))
}

/// An utterance's key. `UtteranceId` can be compared on every platform but macOS, where it wraps an
/// Objective-C object pointer; its debug form (the variant and the number or pointer) is comparable everywhere.
fn key(id: &UtteranceId) -> String {
    format!("{id:?}")
}

/// Why read-aloud cannot start, and how to get a voice on this system.
fn unavailable(why: &str) -> Error {
    let how = if cfg!(target_os = "linux") {
        "Read aloud uses your computer’s speech engine, and none answered. On Debian or Ubuntu, install one with \
         “sudo apt install speech-dispatcher espeak-ng” (on Fedora, “sudo dnf install speech-dispatcher \
         espeak-ng”), then press Listen again."
    } else if cfg!(target_os = "macos") {
        "Read aloud uses macOS’s own voices, and they did not start. Check System Settings → Accessibility → \
         Spoken Content, where voices can be added, then press Listen again."
    } else {
        "Read aloud uses Windows’ own voices, and they did not start. Add a voice in Settings → Time & language → \
         Speech, then press Listen again."
    };
    log::info!("read-aloud: no speech engine ({why})");
    Error::new(ErrorKind::SpeechUnavailable, how)
}

impl Engine for OsVoice {
    fn speak(&mut self, text: &str) -> Result<String> {
        match self.tts.speak(text, false) {
            Ok(Some(id)) => Ok(key(&id)),
            Ok(None) => Err(Error::new(ErrorKind::SpeechUnavailable, "the speech engine did not take the sentence")),
            Err(e) => Err(Error::new(ErrorKind::SpeechUnavailable, format!("the speech engine stopped: {e}"))),
        }
    }

    fn stop(&mut self) {
        let _ = self.tts.stop();
    }

    fn set_speed(&mut self, speed: f32) {
        let (min, normal, max) = (self.tts.min_rate(), self.tts.normal_rate(), self.tts.max_rate());
        let rate = if normal == 1.0 {
            // WinRT's rate is a multiple of the normal rate already.
            speed
        } else if speed >= 1.0 {
            // speech-dispatcher's −100…100 maps onto espeak-ng's 80…450 words a minute around 175: 2× is about
            // two thirds of the way up, ¾× half of the way down. AVFoundation's scale is close enough to share it.
            normal + (max - normal) * (speed - 1.0) / 1.5
        } else {
            normal - (normal - min) * (1.0 - speed) / 0.5
        };
        let _ = self.tts.set_rate(rate.clamp(min, max));
    }

    fn voices(&self, language: &str) -> Result<Vec<VoiceChoice>> {
        let all = self.tts.voices().map_err(|e| unavailable(&e.to_string()))?;
        let wanted = language.split(['-', '_']).next().unwrap_or("en").to_ascii_lowercase();
        let mut voices: Vec<VoiceChoice> = all
            .iter()
            .filter(|v| v.language().primary_language().eq_ignore_ascii_case(&wanted))
            .map(|v| VoiceChoice { id: v.id(), name: v.name().replace('_', " "), language: v.language().to_string() })
            .collect();
        // espeak-ng offers each language in a hundred variants ("English (America)+Alex"); the plain voices are
        // the ones worth a choice.
        if voices.iter().any(|v| !v.id.contains('+')) {
            voices.retain(|v| !v.id.contains('+'));
        }
        voices.sort_by(|a, b| a.name.cmp(&b.name));
        voices.dedup_by(|a, b| a.id == b.id);
        Ok(voices)
    }

    fn set_voice(&mut self, id: &str) -> Result<()> {
        let voices = self.tts.voices().map_err(|e| unavailable(&e.to_string()))?;
        let voice =
            voices.iter().find(|v| v.id() == id).ok_or_else(|| Error::not_found("that voice is not installed"))?;
        self.tts.set_voice(voice).map_err(|e| Error::new(ErrorKind::SpeechUnavailable, e.to_string()))
    }
}
