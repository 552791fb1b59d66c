use std::io;
use std::path::PathBuf;
use std::process::ExitStatus;

/// Why the kiosk could not speak. Each says what a technician does about it; none is shown to a
/// citizen (the screen works without speech).
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("{program} is not installed: install the Debian package {package}")]
    Missing {
        program: &'static str,
        package: &'static str,
    },
    #[error("could not start {program}: {source}")]
    Start {
        program: &'static str,
        #[source]
        source: io::Error,
    },
    #[error("{program} failed ({status}): {stderr}")]
    Failed {
        program: &'static str,
        status: ExitStatus,
        /// What it printed, e.g. "The specified espeak-ng voice does not exist."
        stderr: String,
    },
    #[error("could not write {}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl SpeechError {
    /// A program that could not be started; "not found" becomes the package to install.
    pub(crate) fn starting(program: &'static str, source: io::Error) -> Self {
        if source.kind() == io::ErrorKind::NotFound {
            let package = match program {
                "aplay" => "alsa-utils",
                _ => "espeak-ng",
            };
            SpeechError::Missing { program, package }
        } else {
            SpeechError::Start { program, source }
        }
    }
}
