//! A kiosk without espeak-ng, or with one that fails: errors a technician can act on, never a
//! panic. A test binary of its own, because it changes `PATH` for the whole process.

use std::os::unix::fs::PermissionsExt;

use qebul_core::Lang;
use qebul_speech::{EspeakVoice, Output, Speech, SpeechError};

#[test]
fn a_missing_or_failing_espeak_is_an_error_naming_what_to_do() {
    let bin = tempfile::tempdir().unwrap();
    let wavs = tempfile::tempdir().unwrap();
    // The only test of this binary: nothing else runs while PATH is changed.
    std::env::set_var("PATH", bin.path());

    for output in [Output::Device, Output::WavDir(wavs.path().to_owned())] {
        let speech = Speech::new(Box::new(EspeakVoice::new(output.clone())));
        let error = speech.say("Xoş gəlmisiniz", Lang::Az).unwrap_err();
        assert!(matches!(error, SpeechError::Missing { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            "espeak-ng is not installed: install the Debian package espeak-ng"
        );
        // No aplay either: the warning is still said, and fails for want of espeak-ng only.
        let error = speech.warn("Sessiya bitir", Lang::Az).unwrap_err();
        assert!(error.to_string().starts_with("espeak-ng"), "{error}");
        assert_eq!(speech.last(), None, "nothing was said");
    }

    let fake = bin.path().join("espeak-ng");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'Error: The specified espeak-ng voice does not exist.' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let speech = Speech::new(Box::new(EspeakVoice::new(Output::WavDir(
        wavs.path().to_owned(),
    ))));
    let error = speech.say("Xoş gəlmisiniz", Lang::Az).unwrap_err();
    assert!(matches!(error, SpeechError::Failed { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "espeak-ng failed (exit status: 1): Error: The specified espeak-ng voice does not exist."
    );
    // The tone was written (it needs no program), no text without its sound.
    let names: Vec<_> = std::fs::read_dir(wavs.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["0001-tone.wav"]);
}
