//! Read-aloud, driven from Rust: the commands behind the reader's Listen controls. The speaking itself is the
//! speaker thread's (`read_aloud/speaker.rs`), through the system's own voices (`read_aloud/os_voice.rs`); the
//! webview only shows where it is, from the `read-aloud` events, and never speaks.

mod os_voice;
pub mod speaker;

use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::time::Duration;

use haven_core::{Error, ErrorKind, Result};
use serde::Deserialize;
use tauri::{Emitter, State};

use crate::commands::on_library;
use crate::state::{join_error, AppState};
use speaker::{Connect, Message, Progress, Speaker, VoiceChoice};

/// The event the UI follows.
pub const EVENT: &str = "read-aloud";

/// How long a command waits for the speaker (connecting may start the system's speech server).
const ANSWER_WITHIN: Duration = Duration::from_secs(15);

/// The way to the speaker thread.
pub struct ReadAloud {
    inbox: Sender<Message>,
}

impl ReadAloud {
    /// Starts the speaker thread; the engine itself connects on first use.
    pub fn start(connect: Connect, emit: impl Fn(Progress) + Send + 'static) -> ReadAloud {
        let (inbox, messages) = mpsc::channel();
        let own = inbox.clone();
        // The speaker is made on its thread: engines need not be `Send`.
        std::thread::Builder::new()
            .name("haven-speech".into())
            .spawn(move || Speaker::new(connect, own, Box::new(emit)).run(messages))
            .expect("the speech thread starts");
        ReadAloud { inbox }
    }

    /// The system's voices, reporting to the window's webview.
    pub fn with_system_voices<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> ReadAloud {
        ReadAloud::start(Box::new(os_voice::connect), move |progress| {
            let _ = app.emit(EVENT, progress);
        })
    }

    pub fn send(&self, message: Message) {
        // The speaker lives as long as the app; a send can only fail while the app is closing.
        let _ = self.inbox.send(message);
    }

    /// Stops reading: the window is closing, the library locking, the screen quick-hidden.
    pub fn stop(&self) {
        self.send(Message::Stop);
    }

    /// Sends a message that carries a reply, and waits for the reply off the async runtime.
    async fn ask<T: Send + 'static>(&self, message: impl FnOnce(Sender<Result<T>>) -> Message) -> Result<T> {
        let (reply, answer) = mpsc::channel();
        self.send(message(reply));
        let wait = move || {
            answer.recv_timeout(ANSWER_WITHIN).unwrap_or_else(|_| {
                Err(Error::new(ErrorKind::SpeechUnavailable, "the speech engine did not answer; try again"))
            })
        };
        tauri::async_runtime::spawn_blocking(wait).await.map_err(join_error)?
    }
}

/// Reads an article aloud: from where it was left, else from `from` (a character offset: where the reader is).
#[tauri::command]
pub(crate) async fn read_aloud(
    state: State<'_, Arc<AppState>>,
    speech: State<'_, ReadAloud>,
    slug: String,
    from: usize,
    speed: f32,
    voice: String,
) -> Result<()> {
    let script = on_library(state, {
        let slug = slug.clone();
        move |lib| lib.speech_script(&slug)
    })
    .await?;
    speech.ask(|reply| Message::Play { slug, script, from_offset: from, speed, voice, reply }).await
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Control {
    Pause,
    Resume,
    Previous,
    Next,
    Stop,
}

#[tauri::command]
pub(crate) fn read_aloud_control(speech: State<'_, ReadAloud>, action: Control) {
    speech.send(match action {
        Control::Pause => Message::Pause,
        Control::Resume => Message::Resume,
        Control::Previous => Message::Previous,
        Control::Next => Message::Next,
        Control::Stop => Message::Stop,
    });
}

/// Sets the speed (a multiple of the voice's normal rate, 0.5 to 2) and the voice (its id; "" for the system's
/// default), from the next sentence on.
#[tauri::command]
pub(crate) fn read_aloud_voice(speech: State<'_, ReadAloud>, speed: f32, voice: String) {
    speech.send(Message::Speed(speed));
    if !voice.is_empty() {
        speech.send(Message::Voice(voice));
    }
}

/// The installed voices for a language (a BCP 47 tag; its primary language is what counts).
#[tauri::command]
pub(crate) async fn read_aloud_voices(speech: State<'_, ReadAloud>, language: String) -> Result<Vec<VoiceChoice>> {
    speech.ask(|reply| Message::Voices { language, reply }).await
}
