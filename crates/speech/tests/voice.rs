//! The kiosk's sentences said by the real espeak-ng into WAV files and measured with sox: not
//! silence, and as long as the text for a listener (needs the Debian packages espeak-ng and sox,
//! which `cargo xtask test` installs).

use std::path::Path;
use std::process::Command;

use qebul_core::Lang;
use qebul_speech::{spoken, EspeakVoice, Output, Speech};

/// Below this RMS amplitude (of full scale) a WAV is silence; espeak's speech measures 0.08–0.10
/// at the default volume.
const SILENCE_FLOOR: f64 = 0.01;
/// Seconds of speech per character of text: the kiosk's sentences measure 0.10–0.13 in all
/// three voices at 150 words a minute; less than half of that would be cut speech, more than
/// 0.20 a voice stuck or spelling every letter.
const SECONDS_PER_CHAR: std::ops::RangeInclusive<f64> = 0.05..=0.20;

const SENTENCES: [(Lang, &str); 3] = [
    (
        Lang::Az,
        "Qəbula yazılmaq. Vəzifəli şəxsi seçin. Qəbul günü 8 dekabr 2026, saat 14:30.",
    ),
    (
        Lang::Ru,
        "Запись на приём. Выберите должностное лицо. День приёма 08.12.2026, в 14:30.",
    ),
    (
        Lang::En,
        "Book an appointment. Choose an official. Reception day 08.12.2026, at 14:30.",
    ),
];

/// What `sox <file> -n stat` measures: the length in seconds and the RMS amplitude.
#[derive(Debug)]
struct Stat {
    seconds: f64,
    rms: f64,
}

fn sox_stat(wav: &Path) -> Stat {
    let output = Command::new("sox")
        .arg(wav)
        .args(["-n", "stat"])
        .output()
        .expect("sox runs (Debian package sox)");
    assert!(output.status.success(), "sox failed on {}", wav.display());
    // `stat` reports on stderr.
    let report = String::from_utf8_lossy(&output.stderr);
    let field = |name: &str| -> f64 {
        report
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_start_matches(':').trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name:?} in sox's report:\n{report}"))
    };
    Stat {
        seconds: field("Length (seconds):"),
        rms: field("RMS     amplitude:"),
    }
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn espeak_says_a_kiosk_sentence_in_each_language_and_the_warning_tone() {
    let dir = tempfile::tempdir().unwrap();
    let speech = Speech::new(Box::new(EspeakVoice::new(Output::WavDir(
        dir.path().to_owned(),
    ))));
    for (lang, text) in SENTENCES {
        speech.say(text, lang).unwrap();
    }
    speech
        .warn("Sessiya 15 saniyədən sonra bitəcək.", Lang::Az)
        .unwrap();

    assert_eq!(
        file_names(dir.path()),
        [
            "0001-az.txt",
            "0001-az.wav",
            "0002-ru.txt",
            "0002-ru.wav",
            "0003-en.txt",
            "0003-en.wav",
            "0004-tone.wav",
            "0005-az.txt",
            "0005-az.wav",
        ]
    );

    for (n, (lang, text)) in SENTENCES.into_iter().enumerate() {
        let stem = dir.path().join(format!("{:04}-{}", n + 1, lang.tag()));
        let said = std::fs::read_to_string(stem.with_extension("txt")).unwrap();
        assert_eq!(
            said,
            spoken(text, lang),
            "the sidecar holds the text spoken"
        );

        let stat = sox_stat(&stem.with_extension("wav"));
        let per_char = stat.seconds / said.chars().count() as f64;
        eprintln!(
            "{lang}: {:.3} s, RMS {:.4}, {per_char:.3} s a character: {said}",
            stat.seconds, stat.rms
        );
        assert!(stat.rms > SILENCE_FLOOR, "{lang} is silent: {stat:?}");
        assert!(
            SECONDS_PER_CHAR.contains(&per_char),
            "{lang}: {per_char:.3} s a character for {said:?} ({stat:?})"
        );
    }

    let tone = sox_stat(&dir.path().join("0004-tone.wav"));
    eprintln!("tone: {:.3} s, RMS {:.4}", tone.seconds, tone.rms);
    assert!((0.24..=0.26).contains(&tone.seconds), "{tone:?}");
    // A sine at half of full scale has an RMS of 0.354; the fades take a little off.
    assert!((0.30..=0.36).contains(&tone.rms), "{tone:?}");
}

#[test]
fn a_restarted_kiosk_continues_the_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let output = Output::WavDir(dir.path().to_owned());
    Speech::new(Box::new(EspeakVoice::new(output.clone())))
        .say("Xoş gəlmisiniz", Lang::Az)
        .unwrap();
    Speech::new(Box::new(EspeakVoice::new(output)))
        .say("Добро пожаловать", Lang::Ru)
        .unwrap();
    assert_eq!(
        file_names(dir.path()),
        ["0001-az.txt", "0001-az.wav", "0002-ru.txt", "0002-ru.wav"]
    );
}

#[test]
fn volume_levels_are_heard_louder_and_softer() {
    let dir = tempfile::tempdir().unwrap();
    let speech = Speech::new(Box::new(EspeakVoice::new(Output::WavDir(
        dir.path().to_owned(),
    ))));
    speech.set_volume_level(1);
    speech.say("Qəbula yazılmaq", Lang::Az).unwrap();
    speech.reset();
    speech.say("Qəbula yazılmaq", Lang::Az).unwrap();
    speech.set_volume_level(5);
    speech.say("Qəbula yazılmaq", Lang::Az).unwrap();

    let rms = |n: u32| sox_stat(&dir.path().join(format!("{n:04}-az.wav"))).rms;
    let (soft, normal, loud) = (rms(1), rms(2), rms(3));
    eprintln!("RMS at levels 1, 3, 5: {soft:.4}, {normal:.4}, {loud:.4}");
    assert!(SILENCE_FLOOR < soft && soft < normal && normal < loud);
}
