//! A virtual screen: Xvfb with a small window manager (so full screen is real), and screenshots.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, ImageFormat};

/// The reference panel: 21.5", 1920×1080 (DESIGN.md); screens are judged at this size.
pub const WIDTH: u16 = 1920;
pub const HEIGHT: u16 = 1080;

pub struct VirtualScreen {
    display: String,
    xvfb: Child,
    wm: Child,
}

impl VirtualScreen {
    /// Starts Xvfb on the first free display from :90 and matchbox-window-manager on it.
    pub fn start() -> Result<VirtualScreen> {
        for n in 90..190 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                || Path::new(&format!("/tmp/.X{n}-lock")).exists()
            {
                continue;
            }
            let display = format!(":{n}");
            let mut xvfb = Command::new("Xvfb")
                .args([
                    &display,
                    "-screen",
                    "0",
                    &format!("{WIDTH}x{HEIGHT}x24"),
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("Xvfb is not installed (Debian package xvfb)")?;
            let socket = format!("/tmp/.X11-unix/X{n}");
            let deadline = Instant::now() + Duration::from_secs(15);
            while !Path::new(&socket).exists() && Instant::now() < deadline {
                if xvfb.try_wait()?.is_some() {
                    break;
                }
                sleep(Duration::from_millis(50));
            }
            // The socket may be another server's that won the race for :n; ours then exited.
            if !Path::new(&socket).exists() || xvfb.try_wait()?.is_some() {
                let _ = xvfb.kill();
                let _ = xvfb.wait();
                continue;
            }
            let wm = Command::new("matchbox-window-manager")
                .args(["-use_titlebar", "no", "-use_cursor", "no"])
                .env("DISPLAY", &display)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("matchbox-window-manager is not installed")?;
            let screen = VirtualScreen { display, xvfb, wm };
            screen.wait_for_window_manager()?;
            return Ok(screen);
        }
        bail!("no free X display between :90 and :189")
    }

    /// Full screen is only real once the window manager runs: wait until it announces itself
    /// (`_NET_SUPPORTING_WM_CHECK` on the root window).
    fn wait_for_window_manager(&self) -> Result<()> {
        let (conn, screen_num) =
            x11rb::connect(Some(&self.display)).context("connecting to Xvfb")?;
        let root = conn.setup().roots[screen_num].root;
        let atom = conn
            .intern_atom(false, b"_NET_SUPPORTING_WM_CHECK")?
            .reply()?
            .atom;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let prop = conn
                .get_property(false, root, atom, AtomEnum::WINDOW, 0, 1)?
                .reply()?;
            if prop.value_len > 0 {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("matchbox-window-manager did not start on {}", self.display);
            }
            sleep(Duration::from_millis(50));
        }
    }

    pub fn name(&self) -> &str {
        &self.display
    }

    /// The whole screen as RGB bytes.
    fn grab(&self) -> Result<Vec<u8>> {
        let (conn, screen_num) =
            x11rb::connect(Some(&self.display)).context("connecting to Xvfb")?;
        let root = conn.setup().roots[screen_num].root;
        let image = conn
            .get_image(ImageFormat::Z_PIXMAP, root, 0, 0, WIDTH, HEIGHT, !0)?
            .reply()?;
        // Depth 24 arrives as 32-bit little-endian BGRX.
        Ok(image
            .data
            .chunks_exact(4)
            .flat_map(|p| [p[2], p[1], p[0]])
            .collect())
    }

    /// Waits until the kiosk has drawn a screen that stays the same for a second, then saves it.
    pub fn screenshot_when_drawn(&self, path: &Path, kiosk: &mut Child) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(90);
        let mut previous: Option<Vec<u8>> = None;
        loop {
            if let Some(status) = kiosk.try_wait()? {
                bail!("the kiosk exited before it drew its first screen ({status})");
            }
            let now = self.grab()?;
            let drawn = distinct_colours(&now) > 8;
            if drawn && previous.as_ref() == Some(&now) {
                return write_png(path, &now);
            }
            if Instant::now() > deadline {
                bail!("the kiosk drew nothing on {} within 90 s", self.display);
            }
            previous = drawn.then_some(now);
            sleep(Duration::from_millis(1000));
        }
    }
}

impl Drop for VirtualScreen {
    fn drop(&mut self) {
        for child in [&mut self.wm, &mut self.xvfb] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn distinct_colours(rgb: &[u8]) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in rgb.chunks_exact(3).step_by(7) {
        seen.insert((p[0], p[1], p[2]));
        if seen.len() > 64 {
            break;
        }
    }
    seen.len()
}

fn write_png(path: &Path, rgb: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut enc = png::Encoder::new(
        std::io::BufWriter::new(file),
        u32::from(WIDTH),
        u32::from(HEIGHT),
    );
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()?.write_image_data(rgb)?;
    Ok(())
}
