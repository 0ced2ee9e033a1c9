use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

use haven_core::ErrorKind;

use super::*;

/// What the scripted engine was asked to do, in order.
#[derive(Debug, Clone, PartialEq)]
enum Call {
    Speak(String),
    Stop,
    Speed(f32),
    Voice(String),
}

struct Scripted {
    calls: Arc<Mutex<Vec<Call>>>,
    next_key: usize,
}

impl Engine for Scripted {
    fn speak(&mut self, text: &str) -> Result<String> {
        self.calls.lock().unwrap().push(Call::Speak(text.into()));
        self.next_key += 1;
        Ok(format!("u{}", self.next_key))
    }
    fn stop(&mut self) {
        self.calls.lock().unwrap().push(Call::Stop);
    }
    fn set_speed(&mut self, speed: f32) {
        self.calls.lock().unwrap().push(Call::Speed(speed));
    }
    fn voices(&self, language: &str) -> Result<Vec<VoiceChoice>> {
        Ok(vec![VoiceChoice { id: "v1".into(), name: "Voice one".into(), language: language.into() }])
    }
    fn set_voice(&mut self, id: &str) -> Result<()> {
        self.calls.lock().unwrap().push(Call::Voice(id.into()));
        Ok(())
    }
}

struct Rig {
    speaker: Speaker,
    calls: Arc<Mutex<Vec<Call>>>,
    heard: Receiver<Progress>,
    connections: Arc<Mutex<usize>>,
}

fn rig(engine_present: bool) -> Rig {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(Mutex::new(0));
    let (events, heard) = mpsc::channel();
    let (inbox, _messages) = mpsc::channel();
    let connect: Connect = {
        let calls = Arc::clone(&calls);
        let connections = Arc::clone(&connections);
        Box::new(move |_inbox| {
            if !engine_present {
                return Err(Error::new(ErrorKind::SpeechUnavailable, "install speech-dispatcher and espeak-ng"));
            }
            *connections.lock().unwrap() += 1;
            Ok(Box::new(Scripted { calls: Arc::clone(&calls), next_key: 0 }) as Box<dyn Engine>)
        })
    };
    let speaker = Speaker::new(connect, inbox, Box::new(move |p| events.send(p).unwrap()));
    Rig { speaker, calls, heard, connections }
}

fn script() -> Script {
    Script::new("Title", "<p>One. Two.</p><p>Three.</p><p>Four. Five.</p>")
}

impl Rig {
    fn play(&mut self, slug: &str, from_offset: usize) -> Result<()> {
        let (reply, answer) = mpsc::channel();
        self.speaker.handle(Message::Play {
            slug: slug.into(),
            script: script(),
            from_offset,
            speed: 1.0,
            voice: String::new(),
            reply,
        });
        answer.recv().unwrap()
    }

    /// The engine reports the utterance it was last given as spoken to the end.
    fn finish_sentence(&mut self) {
        let key = self.speaker.current.clone().expect("something is being spoken");
        self.speaker.handle(Message::Ended(key));
    }

    fn events(&self) -> Vec<(State, usize)> {
        self.heard.try_iter().map(|p| (p.state, p.index)).collect()
    }

    fn spoken(&self) -> Vec<String> {
        let calls = self.calls.lock().unwrap();
        calls.iter().filter_map(|c| if let Call::Speak(t) = c { Some(t.clone()) } else { None }).collect()
    }
}

#[test]
fn reads_sentence_after_sentence_to_the_end_reporting_each() {
    let mut rig = rig(true);
    rig.play("a", 0).unwrap();
    for _ in 0..6 {
        rig.finish_sentence();
    }
    assert_eq!(rig.spoken(), ["Title", "One.", "Two.", "Three.", "Four.", "Five."]);
    let events = rig.events();
    let playing: Vec<usize> = events.iter().filter(|(s, _)| *s == State::Playing).map(|(_, i)| *i).collect();
    assert_eq!(playing, [0, 1, 2, 3, 4, 5], "every sentence reported, in order");
    assert_eq!(events.last(), Some(&(State::Finished, 5)));
    rig.speaker.handle(Message::Ended("u6".into()));
    assert!(rig.events().is_empty(), "an end after the last sentence changes nothing");
}

#[test]
fn pause_and_resume_start_the_sentence_again() {
    let mut rig = rig(true);
    rig.play("a", 0).unwrap();
    rig.finish_sentence();
    rig.speaker.handle(Message::Pause);
    let stale = "u2".to_string(); // the paused sentence's own end, arriving late
    rig.speaker.handle(Message::Ended(stale));
    rig.speaker.handle(Message::Pause);
    assert_eq!(rig.events(), [(State::Playing, 0), (State::Playing, 1), (State::Paused, 1)]);
    rig.speaker.handle(Message::Resume);
    assert_eq!(rig.spoken(), ["Title", "One.", "One."]);
    assert_eq!(rig.events(), [(State::Playing, 1)]);
    assert_eq!(rig.calls.lock().unwrap().iter().filter(|c| **c == Call::Stop).count(), 1);
}

#[test]
fn previous_and_next_jump_by_paragraph_playing_or_paused() {
    let mut rig = rig(true);
    rig.play("a", 0).unwrap();
    rig.speaker.handle(Message::Next); // title → One.
    rig.speaker.handle(Message::Next); // → Three.
    rig.speaker.handle(Message::Next); // → Four.
    rig.speaker.handle(Message::Next); // no paragraph after: stays
    rig.finish_sentence(); // → Five.
    rig.speaker.handle(Message::Pause);
    rig.speaker.handle(Message::Previous); // mid-paragraph: back to Four.
    rig.speaker.handle(Message::Previous); // → Three.
    rig.speaker.handle(Message::Resume);
    assert_eq!(rig.spoken(), ["Title", "One.", "Three.", "Four.", "Five.", "Three."]);
    let events = rig.events();
    assert_eq!(
        &events[events.len() - 4..],
        [(State::Paused, 5), (State::Paused, 4), (State::Paused, 3), (State::Playing, 3)]
    );
}

#[test]
fn an_article_resumes_where_it_stopped_and_starts_where_the_reader_is() {
    let mut rig = rig(true);
    let three = script().sentences.iter().position(|s| s.text == "Three.").unwrap();
    rig.play("a", script().sentences[three].start).unwrap();
    assert_eq!(rig.spoken(), ["Three."], "listening starts at the text on screen");
    rig.finish_sentence();
    rig.speaker.handle(Message::Stop);
    rig.play("b", 0).unwrap(); // another article, from its top
    rig.speaker.handle(Message::Stop);
    rig.play("a", 0).unwrap(); // back to the first: where it stopped
    assert_eq!(rig.spoken(), ["Three.", "Four.", "Title", "Four."]);
    assert_eq!(*rig.connections.lock().unwrap(), 1, "one connection to the engine");
}

#[test]
fn speed_and_voice_reach_the_engine_and_the_default_voice_reconnects() {
    let mut rig = rig(true);
    rig.play("a", 0).unwrap();
    rig.speaker.handle(Message::Speed(9.0));
    rig.speaker.handle(Message::Voice("v1".into()));
    rig.speaker.handle(Message::Voice(String::new()));
    let calls = rig.calls.lock().unwrap().clone();
    assert!(calls.contains(&Call::Speed(2.0)), "speed is kept within 0.5–2: {calls:?}");
    assert!(calls.contains(&Call::Voice("v1".into())));
    assert_eq!(*rig.connections.lock().unwrap(), 2, "back to the default voice is a fresh connection");
    assert_eq!(rig.spoken(), ["Title", "Title"], "and the sentence starts again in it");
}

#[test]
fn without_a_speech_engine_play_says_how_to_get_one_and_nothing_else_happens() {
    let mut rig = rig(false);
    let error = rig.play("a", 0).unwrap_err();
    assert_eq!(error.kind, ErrorKind::SpeechUnavailable);
    assert!(error.message.contains("espeak-ng"));
    rig.speaker.handle(Message::Pause);
    rig.speaker.handle(Message::Next);
    assert!(rig.events().is_empty());
    let (reply, answer) = mpsc::channel();
    rig.speaker.handle(Message::Voices { language: "en".into(), reply });
    assert_eq!(answer.recv().unwrap().unwrap_err().kind, ErrorKind::SpeechUnavailable);
}
