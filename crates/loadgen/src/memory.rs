//! A process's memory as `/proc/<pid>/smaps_rollup` gives it: resident (RSS) and proportional
//! (PSS) set sizes.

use std::path::PathBuf;

/// Resident and proportional set sizes, in KiB (the unit `/proc` writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Memory {
    pub rss_kib: u64,
    pub pss_kib: u64,
}

impl Memory {
    /// The larger of each figure.
    pub fn max(self, other: Memory) -> Memory {
        Memory {
            rss_kib: self.rss_kib.max(other.rss_kib),
            pss_kib: self.pss_kib.max(other.pss_kib),
        }
    }

    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }

    pub fn pss_mib(&self) -> f64 {
        self.pss_kib as f64 / 1024.0
    }
}

/// The `Rss:` and `Pss:` lines of an `smaps_rollup` text; `None` if either is missing.
pub fn parse_smaps_rollup(text: &str) -> Option<Memory> {
    let field = |name: &str| {
        text.lines().find_map(|line| {
            let rest = line.strip_prefix(name)?.strip_prefix(':')?;
            rest.split_whitespace().next()?.parse::<u64>().ok()
        })
    };
    Some(Memory {
        rss_kib: field("Rss")?,
        pss_kib: field("Pss")?,
    })
}

/// Reads process `pid`'s memory now.
pub fn read(pid: u32) -> std::io::Result<Memory> {
    let path = PathBuf::from(format!("/proc/{pid}/smaps_rollup"));
    let text = std::fs::read_to_string(&path)?;
    parse_smaps_rollup(&text).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} has no Rss/Pss lines", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLLUP: &str =
        "55d0c8a6a000-7ffd3b7f5000 ---p 00000000 00:00 0                          [rollup]
Rss:               41236 kB
Pss:               39877 kB
Pss_Dirty:         30120 kB
Pss_Anon:          29000 kB
Shared_Clean:       2400 kB
";

    #[test]
    fn reads_rss_and_pss_not_their_namesakes() {
        assert_eq!(
            parse_smaps_rollup(ROLLUP),
            Some(Memory {
                rss_kib: 41236,
                pss_kib: 39877
            })
        );
        assert_eq!(parse_smaps_rollup("Pss_Anon: 3 kB\n"), None);
    }

    #[test]
    fn reads_this_process() {
        let me = read(std::process::id()).unwrap();
        assert!(me.rss_kib > 0 && me.pss_kib > 0 && me.pss_kib <= me.rss_kib);
    }
}
