// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;

fn main() -> std::process::ExitCode {
    qebul_kiosk::cli::main(qebul_kiosk::Args::parse())
}
