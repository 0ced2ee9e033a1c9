//! The speaker: one thread that owns the speech engine and reads a [`Script`] aloud, a sentence per utterance.
//!
//! Everything reaches it as a [`Message`] on one channel, in order: the reader's controls (from commands) and the
//! engine's "that utterance ended" (from the engine's own thread). Handling both on one thread, one at a time, is
//! what keeps the state simple: nothing else touches the engine (some engines are not `Send`), and an utterance
//! ending while the reader presses Next is just two messages in a row, never a race.
//!
//! Invariants: at most one utterance is queued in the engine at a time (the next is spoken when the last ends);
//! an end is acted on only when it is the current utterance's, so a late end of a stopped sentence moves nothing;
//! the place in each article is remembered when reading pauses or stops, so listening again resumes there.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender};

use haven_core::speech::Script;
use haven_core::{Error, Result};
use serde::Serialize;

/// What the UI hears after every change, as the `read-aloud` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub slug: String,
    pub state: State,
    /// The sentence being read (or where reading paused), of `count`.
    pub index: usize,
    pub count: usize,
    pub paragraph: usize,
    /// The sentence's character range in the article's text (see `haven_core::speech`); the title has none.
    pub start: usize,
    pub end: usize,
    pub title: bool,
    /// Why reading stopped, when it stopped on a failure.
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Playing,
    Paused,
    Stopped,
    Finished,
}

/// A voice the reader can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoiceChoice {
    pub id: String,
    pub name: String,
    pub language: String,
}

/// The speech engine as the speaker uses it: the operating system's (see `os_voice.rs`), or a scripted one in
/// tests. Speaking is asynchronous: `speak` queues an utterance and returns its key, and the engine later sends
/// [`Message::Ended`] with that key.
pub trait Engine {
    fn speak(&mut self, text: &str) -> Result<String>;
    fn stop(&mut self);
    /// `speed` is a multiple of the engine's normal rate (0.5 to 2).
    fn set_speed(&mut self, speed: f32);
    fn voices(&self, language: &str) -> Result<Vec<VoiceChoice>>;
    fn set_voice(&mut self, id: &str) -> Result<()>;
}

/// Makes the engine when first needed: connecting may start a speech server, and fails when there is none.
pub type Connect = Box<dyn FnMut(Sender<Message>) -> Result<Box<dyn Engine>> + Send>;

/// The slowest and fastest speeds offered.
pub const SPEEDS: std::ops::RangeInclusive<f32> = 0.5..=2.0;

pub enum Message {
    Play {
        slug: String,
        script: Script,
        from_offset: usize,
        speed: f32,
        voice: String,
        reply: Sender<Result<()>>,
    },
    Pause,
    Resume,
    Previous,
    Next,
    Stop,
    Speed(f32),
    Voice(String),
    Voices {
        language: String,
        reply: Sender<Result<Vec<VoiceChoice>>>,
    },
    /// From the engine: the utterance with this key was spoken to its end.
    Ended(String),
}

pub struct Speaker {
    connect: Connect,
    engine: Option<Box<dyn Engine>>,
    /// Handed to the engine for its `Ended` messages.
    inbox: Sender<Message>,
    emit: Box<dyn Fn(Progress) + Send>,
    slug: String,
    script: Script,
    index: usize,
    state: State,
    /// The key of the utterance being spoken.
    current: Option<String>,
    /// Where reading paused or stopped, by article.
    places: HashMap<String, usize>,
    /// The reader's speed and voice ("" for the system's default), applied to every new connection.
    speed: f32,
    voice: String,
}

impl Speaker {
    pub fn new(connect: Connect, inbox: Sender<Message>, emit: Box<dyn Fn(Progress) + Send>) -> Speaker {
        Speaker {
            connect,
            engine: None,
            inbox,
            emit,
            slug: String::new(),
            script: Script::default(),
            index: 0,
            state: State::Stopped,
            current: None,
            places: HashMap::new(),
            speed: 1.0,
            voice: String::new(),
        }
    }

    /// Handles messages for as long as the app runs (the speaker keeps a sender of its own, for the engine).
    pub fn run(mut self, messages: Receiver<Message>) {
        while let Ok(message) = messages.recv() {
            self.handle(message);
        }
    }

    pub fn handle(&mut self, message: Message) {
        match message {
            Message::Play { slug, script, from_offset, speed, voice, reply } => {
                let _ = reply.send(self.play(slug, script, from_offset, speed, voice));
            }
            Message::Pause if self.state == State::Playing => {
                self.silence();
                self.state = State::Paused;
                self.places.insert(self.slug.clone(), self.index);
                self.report(None);
            }
            Message::Resume if self.state == State::Paused => self.speak_current(),
            Message::Previous | Message::Next if matches!(self.state, State::Playing | State::Paused) => {
                let to = match message {
                    Message::Next => self.script.next_paragraph(self.index),
                    _ => Some(self.script.previous_paragraph(self.index)),
                };
                let Some(to) = to else { return };
                self.index = to;
                if self.state == State::Playing {
                    self.silence();
                    self.speak_current();
                } else {
                    self.places.insert(self.slug.clone(), self.index);
                    self.report(None);
                }
            }
            Message::Stop if matches!(self.state, State::Playing | State::Paused) => {
                self.silence();
                self.places.insert(self.slug.clone(), self.index);
                self.state = State::Stopped;
                self.report(None);
            }
            Message::Speed(speed) => {
                self.speed = speed.clamp(*SPEEDS.start(), *SPEEDS.end());
                if let Some(engine) = &mut self.engine {
                    engine.set_speed(self.speed);
                }
            }
            Message::Voice(voice) if voice != self.voice => {
                self.voice = voice;
                if self.voice.is_empty() {
                    // Back to the system's default voice: engines have no "unset", so connect afresh; the
                    // sentence being read starts again in that voice.
                    let playing = self.current.is_some();
                    self.silence();
                    self.engine = None;
                    if playing {
                        self.speak_current();
                    }
                } else if let Some(engine) = &mut self.engine {
                    // A voice that has gone (uninstalled since) leaves the one speaking: better than silence.
                    let _ = engine.set_voice(&self.voice);
                }
            }
            Message::Voices { language, reply } => {
                let _ = reply.send(self.engine().and_then(|engine| engine.voices(&language)));
            }
            Message::Ended(key) if self.state == State::Playing && self.current.as_ref() == Some(&key) => {
                self.current = None;
                if self.index + 1 < self.script.len() {
                    self.index += 1;
                    self.speak_current();
                } else {
                    self.places.remove(&self.slug);
                    self.state = State::Finished;
                    self.report(None);
                }
            }
            // A control that does not apply now (Pause while paused...) or the end of an utterance already
            // stopped: nothing to do.
            _ => {}
        }
    }

    fn play(&mut self, slug: String, script: Script, from_offset: usize, speed: f32, voice: String) -> Result<()> {
        self.silence();
        if voice != self.voice {
            self.engine = None; // connected afresh below, with the voice asked for
            self.voice = voice;
        }
        let speed = speed.clamp(*SPEEDS.start(), *SPEEDS.end());
        self.speed = speed;
        self.engine()?.set_speed(speed);
        if script.is_empty() {
            return Err(Error::invalid("this article has no text to read aloud"));
        }
        self.index = match self.places.get(&slug) {
            Some(&place) if place < script.len() => place,
            _ => script.at_offset(from_offset),
        };
        self.slug = slug;
        self.script = script;
        self.speak_current();
        Ok(())
    }

    /// The engine, connected (with the reader's speed and voice) if it is not yet.
    fn engine(&mut self) -> Result<&mut Box<dyn Engine>> {
        if self.engine.is_none() {
            let mut engine = (self.connect)(self.inbox.clone())?;
            engine.set_speed(self.speed);
            if !self.voice.is_empty() {
                // A voice that has gone (uninstalled since) leaves the system's default: better than silence.
                let _ = engine.set_voice(&self.voice);
            }
            self.engine = Some(engine);
        }
        Ok(self.engine.as_mut().expect("connected above"))
    }

    /// Reports the sentence at `index`, then speaks it: the highlight is up as the voice starts.
    fn speak_current(&mut self) {
        self.state = State::Playing;
        self.report(None);
        let text = self.script.sentences[self.index].text.clone();
        let spoken = self.engine().and_then(|engine| engine.speak(&text));
        match spoken {
            Ok(key) => self.current = Some(key),
            Err(e) => {
                self.current = None;
                self.state = State::Stopped;
                self.places.insert(self.slug.clone(), self.index);
                self.report(Some(e.message));
            }
        }
    }

    /// Stops the engine mid-utterance, if it is speaking.
    fn silence(&mut self) {
        if self.current.take().is_some() {
            if let Some(engine) = &mut self.engine {
                engine.stop();
            }
        }
    }

    fn report(&self, message: Option<String>) {
        let sentence = self.script.sentences.get(self.index);
        (self.emit)(Progress {
            slug: self.slug.clone(),
            state: self.state,
            index: self.index,
            count: self.script.len(),
            paragraph: sentence.map_or(0, |s| s.paragraph),
            start: sentence.map_or(0, |s| s.start),
            end: sentence.map_or(0, |s| s.end),
            title: sentence.is_some_and(|s| s.title),
            message,
        });
    }
}

#[cfg(test)]
mod tests;
