//! [`CupsTransport`]: a job handed to a CUPS queue, and waited for until CUPS says it printed.
//!
//! The job is submitted through the `printers` crate (`cupsPrintFile` underneath) as
//! `application/vnd.cups-raw`, so CUPS passes the bytes through untouched: ESC/POS to a raw queue
//! of a receipt printer, or a PDF to an office printer's queue whose driver accepts PDF.
//!
//! What the `printers` crate does not do well enough for a kiosk is done here with a few direct
//! libcups calls (the same library the crate links):
//!
//! - `printers::Printer::print` writes each job to `$TMPDIR/<nanoseconds>` and never deletes it
//!   (and two jobs in the same nanosecond would share a file). We write the job to our own
//!   [`tempfile`], hand its path to `print_file`, and the file is deleted as soon as
//!   `cupsPrintFile` returns: by then libcups has uploaded it to cupsd's spool.
//! - its job listing (`cupsGetJobs`) fetches the queue's whole history on every call and never
//!   frees it, so polling it for a kiosk's lifetime would leak memory; we ask for one job's state
//!   with IPP Get-Job-Attributes instead, which also gives the printer's own message ("The
//!   printer is not responding.") for the error shown to the receptionist.
//! - a missing queue and a stopped cupsd both look like "no printer" through the crate; IPP
//!   Get-Printer-Attributes tells them apart, and says whether the queue is stopped or refusing
//!   jobs before a job is queued behind it.
//! - its `cancel_job` sends no `requesting-user-name`, which CUPS's default policy needs to let
//!   a job's owner cancel it; `cupsCancelJob2` sends it.
//!
//! libcups keeps one connection and its settings per thread, so a [`CupsTransport`] may be used
//! from several threads at once. The print server is libcups's usual choice: `CUPS_SERVER`, then
//! `client.conf`, then the local cupsd.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::transport::{PrinterStatus, Transport, TransportError};

/// The document format that makes CUPS pass the bytes through without any filter.
const RAW_FORMAT: &str = "application/vnd.cups-raw";

/// The job title shown by `lpstat` and the CUPS web interface.
const JOB_TITLE: &str = "Qəbul Kiosk";

/// The longest pause between two questions about a job's state: short enough that a finished
/// notice is reported promptly, long enough not to keep cupsd busy.
const MAX_POLL_INTERVAL: Duration = Duration::from_millis(200);

/// A CUPS queue, addressed by name, that takes whole jobs (ESC/POS or PDF) and reports whether
/// they were printed.
///
/// [`send`](Transport::send) returns `Ok` only once CUPS reports the job completed (for a raw
/// socket queue: every byte was delivered to the printer). A job that CUPS aborts, that someone
/// cancels, that sits behind a stopped queue or that is not finished within the
/// [timeout](CupsTransport::with_timeout) is an error; in the last two cases the job is cancelled
/// first, so a notice the receptionist was told had failed never comes out later.
#[derive(Debug, Clone)]
pub struct CupsTransport {
    queue: String,
    timeout: Duration,
}

impl CupsTransport {
    /// How long [`send`](Transport::send) waits for CUPS to finish a job by default: a notice
    /// takes well under a second through a working queue, and a printer that needs longer is
    /// better reported than waited for by a citizen.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// The CUPS queue named `queue` (as `lpstat -p` lists it).
    ///
    /// The name is checked here, not at the first job: CUPS names are ASCII letters, digits, `-`,
    /// `_` and `.` in practice, and a name with other characters (a space, `/`, `#`, a NUL that
    /// the `printers` crate would silently turn into the *default* printer) is a settings mistake
    /// worth reporting at start-up. Whether the queue exists is only known when it is used.
    pub fn new(queue: impl Into<String>) -> Result<Self, TransportError> {
        let queue = queue.into();
        let valid = !queue.is_empty()
            && queue.len() <= 127
            && queue
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !valid {
            return Err(TransportError::Spooler {
                reason: format!(
                    "{queue:?} is not a usable CUPS queue name (use at most 127 ASCII letters, \
                     digits, '-', '_' or '.'); check the printer settings"
                ),
                queue,
            });
        }
        Ok(CupsTransport {
            queue,
            timeout: Self::DEFAULT_TIMEOUT,
        })
    }

    /// Sets how long [`send`](Transport::send) waits, from submission to completion, before it
    /// cancels the job and reports the printer as not finishing.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The queue's name.
    pub fn queue(&self) -> &str {
        &self.queue
    }

    /// How long a job may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn spooler(&self, reason: impl Into<String>) -> TransportError {
        TransportError::Spooler {
            queue: self.queue.clone(),
            reason: reason.into(),
        }
    }

    /// The queue's state, or the error that says why it cannot be asked.
    fn queue_state(&self) -> Result<QueueState, TransportError> {
        let uri = printer_uri(&self.queue);
        let response = ipp::Request::new(ipp::OP_GET_PRINTER_ATTRIBUTES)
            .uri("printer-uri", &uri)
            .requested(&[
                "printer-state",
                "printer-state-reasons",
                "printer-state-message",
                "printer-is-accepting-jobs",
            ])
            .send()
            .map_err(|failure| self.spooler(self.failure_reason(&failure)))?;
        Ok(QueueState {
            stopped: response.integer("printer-state") == Some(ipp::PRINTER_STOPPED),
            accepting: response
                .boolean("printer-is-accepting-jobs")
                .unwrap_or(true),
            reasons: response.strings("printer-state-reasons"),
            message: response.string("printer-state-message"),
        })
    }

    /// Words for a failed IPP request: a missing queue and an unreachable cupsd are told apart
    /// because the fixes differ (the settings, or the print service).
    fn failure_reason(&self, failure: &ipp::Failure) -> String {
        match failure.status {
            ipp::STATUS_NOT_FOUND => self.no_such_queue(),
            ipp::STATUS_SERVICE_UNAVAILABLE => format!(
                "the print service (CUPS) is not running or cannot be reached (libcups: {}); \
                 start it (systemctl start cups) or restart the kiosk",
                failure.message
            ),
            ipp::STATUS_NOT_ACCEPTING_JOBS => format!(
                "the queue is not accepting jobs ({}); an administrator must accept jobs again \
                 (cupsaccept {})",
                failure.message, self.queue
            ),
            _ => format!(
                "the print service answered {} (IPP status 0x{:04x})",
                failure.message, failure.status
            ),
        }
    }

    fn no_such_queue(&self) -> String {
        format!(
            "there is no print queue named {:?} on the print server (`lpstat -p` lists the \
             queues); check the printer settings",
            self.queue
        )
    }

    /// Writes `job` to a temporary file of our own, submits it raw and deletes the file.
    fn submit(&self, job: &[u8]) -> Result<i32, TransportError> {
        let temp_error = |e: std::io::Error| {
            self.spooler(format!(
                "could not write the job to a temporary file in {} ({e}); check that the disk \
                 is not full",
                std::env::temp_dir().display()
            ))
        };
        let mut file = tempfile::Builder::new()
            .prefix(".qebul-cups-job-")
            .tempfile()
            .map_err(temp_error)?;
        file.write_all(job).map_err(temp_error)?;
        file.flush().map_err(temp_error)?;
        let Some(path) = file.path().to_str() else {
            return Err(self.spooler(format!(
                "the temporary folder's path {} is not UTF-8, which libcups cannot take; set \
                 TMPDIR to a plain path",
                file.path().display()
            )));
        };

        // Looked up by exact system name: `printers::get_printer_by_name` also matches a
        // queue's description, which could pick another queue.
        let Some(printer) = printers::get_printers()
            .into_iter()
            .find(|p| p.system_name == self.queue)
        else {
            return Err(self.spooler(self.no_such_queue()));
        };
        let options = printers::common::base::job::PrinterJobOptions {
            name: Some(JOB_TITLE),
            raw_properties: &[("document-format", RAW_FORMAT)],
            converter: printers::common::converters::Converter::None,
        };
        let submitted = printer.print_file(path, options);
        // Read before anything else talks to CUPS on this thread.
        let failure = submitted.is_err().then(ipp::Failure::last);
        if let Err(e) = file.close() {
            tracing::warn!(error = %e, "could not delete a CUPS job's temporary file");
        }
        let id = match (submitted, failure) {
            (Ok(id), _) => id,
            (Err(_), Some(failure)) if failure.status > ipp::STATUS_LAST_OK => {
                return Err(self.spooler(self.failure_reason(&failure)))
            }
            (Err(e), _) => {
                return Err(self.spooler(format!("CUPS refused the job ({})", e.message)))
            }
        };
        i32::try_from(id)
            .map_err(|_| self.spooler(format!("CUPS returned an impossible job number {id}")))
    }

    /// Polls job `id` until it is completed (Ok), ends otherwise, or `deadline` passes.
    fn wait(&self, id: i32, deadline: Instant) -> Result<(), TransportError> {
        let mut interval = Duration::from_millis(5);
        let mut last_message = None;
        loop {
            let job = self.job_state(id)?;
            if job.message.is_some() {
                last_message.clone_from(&job.message);
            }
            let said = said(last_message.as_deref());
            match job.state {
                ipp::JOB_COMPLETED => return Ok(()),
                ipp::JOB_CANCELED => {
                    return Err(self.spooler(format!(
                        "the job was cancelled on the print server{said}; print again"
                    )))
                }
                ipp::JOB_ABORTED => {
                    return Err(self.spooler(format!(
                        "CUPS gave up on the job{said}; check that the printer is switched on \
                         and connected, then print again"
                    )))
                }
                ipp::JOB_STOPPED => {
                    return self.cancel(id, |cancelled| {
                        format!(
                            "the queue stopped while printing{said}{cancelled}; check the \
                             printer, then an administrator must re-enable the queue \
                             (cupsenable {})",
                            self.queue
                        )
                    })
                }
                ipp::JOB_PENDING if job.reasons.iter().any(|r| r == "printer-stopped") => {
                    return self.cancel(id, |cancelled| {
                        format!(
                            "the queue is stopped{said}{cancelled}; check the printer, then an \
                             administrator must re-enable the queue (cupsenable {})",
                            self.queue
                        )
                    })
                }
                _ => {}
            }
            let now = Instant::now();
            if now >= deadline {
                return self.cancel(id, |cancelled| {
                    format!(
                        "the printer did not finish the job within {} s{said}{cancelled}; check \
                         that the printer is switched on and connected, then print again",
                        self.timeout.as_secs_f32()
                    )
                });
            }
            std::thread::sleep(interval.min(deadline - now));
            interval = (interval * 2).min(MAX_POLL_INTERVAL);
        }
    }

    fn job_state(&self, id: i32) -> Result<JobState, TransportError> {
        let response = ipp::Request::new(ipp::OP_GET_JOB_ATTRIBUTES)
            .uri("job-uri", &format!("ipp://localhost/jobs/{id}"))
            .requested(&[
                "job-state",
                "job-state-reasons",
                "job-printer-state-message",
            ])
            .send()
            .map_err(|failure| {
                self.spooler(format!(
                    "lost track of job {id} while waiting for it: {}",
                    self.failure_reason(&failure)
                ))
            })?;
        Ok(JobState {
            state: response.integer("job-state").unwrap_or(0),
            reasons: response.strings("job-state-reasons"),
            message: response.string("job-printer-state-message"),
        })
    }

    /// Cancels job `id` after `failure` was decided. A job that completed in the meantime
    /// was printed after all, which is `Ok`; otherwise the error says what became of the job.
    fn cancel(&self, id: i32, failure: impl FnOnce(&str) -> String) -> Result<(), TransportError> {
        let Err(error) = ipp::cancel_job(&self.queue, id) else {
            return Err(self.spooler(failure(
                "; the job was cancelled so it cannot come out later",
            )));
        };
        if let Ok(job) = self.job_state(id) {
            if job.state == ipp::JOB_COMPLETED {
                return Ok(());
            }
        }
        tracing::warn!(queue = %self.queue, job = id, error = %error.message,
            "could not cancel a failed CUPS job");
        Err(self.spooler(failure(&format!(
            "; cancelling it failed too ({}), so it may still come out later",
            error.message
        ))))
    }
}

impl Transport for CupsTransport {
    fn describe(&self) -> String {
        format!("CUPS queue {}", self.queue)
    }

    fn send(&self, job: &[u8]) -> Result<(), TransportError> {
        let started = Instant::now();
        let queue = self.queue_state()?;
        if let Some(reason) = queue.refusal(&self.queue) {
            return Err(self.spooler(reason));
        }
        let id = self.submit(job)?;
        tracing::debug!(queue = %self.queue, job = id, bytes = job.len(), "job submitted to CUPS");
        let result = self.wait(id, started + self.timeout);
        tracing::debug!(queue = %self.queue, job = id, elapsed = ?started.elapsed(),
            ok = result.is_ok(), "CUPS job finished");
        result
    }

    /// `Offline` when the queue is stopped, refuses jobs or its backend reported the printer
    /// offline; otherwise `None`, since CUPS knows nothing of a receipt printer's paper or cover.
    fn status(&self) -> Result<Option<PrinterStatus>, TransportError> {
        let queue = self.queue_state()?;
        let offline = queue.stopped
            || !queue.accepting
            || queue.reasons.iter().any(|r| r == "offline-report");
        Ok(offline.then_some(PrinterStatus::Offline))
    }
}

/// What Get-Printer-Attributes said about the queue.
#[derive(Debug)]
struct QueueState {
    stopped: bool,
    accepting: bool,
    reasons: Vec<String>,
    message: Option<String>,
}

impl QueueState {
    /// Why a job must not be queued now, if it must not: behind a stopped queue it would wait
    /// for an administrator, and a queue refusing jobs refuses it.
    fn refusal(&self, queue: &str) -> Option<String> {
        let said = said(self.message.as_deref());
        if self.stopped {
            Some(format!(
                "the queue is stopped{said}; check the printer, then an administrator must \
                 re-enable the queue (cupsenable {queue})"
            ))
        } else if !self.accepting {
            Some(format!(
                "the queue is not accepting jobs{said}; an administrator must accept jobs again \
                 (cupsaccept {queue})"
            ))
        } else {
            None
        }
    }
}

/// What Get-Job-Attributes said about a job.
#[derive(Debug)]
struct JobState {
    state: i32,
    reasons: Vec<String>,
    message: Option<String>,
}

/// ` ("message")` when CUPS gave a message, else nothing.
fn said(message: Option<&str>) -> String {
    match message.map(str::trim) {
        Some(m) if !m.is_empty() => format!(" (\"{m}\")"),
        _ => String::new(),
    }
}

/// cupsd takes any host name in a URI it serves; the path names the queue.
fn printer_uri(queue: &str) -> String {
    format!("ipp://localhost/printers/{queue}")
}

/// The few libcups calls the `printers` crate does not offer: IPP requests for one printer's or
/// one job's attributes, and cancelling a job as its owner.
mod ipp {
    use std::cell::Cell;
    use std::ffi::{c_char, c_int, c_void, CStr, CString};
    use std::ptr;

    pub const OP_GET_JOB_ATTRIBUTES: c_int = 0x0009;
    pub const OP_GET_PRINTER_ATTRIBUTES: c_int = 0x000B;

    pub const STATUS_NOT_FOUND: c_int = 0x0406;
    pub const STATUS_SERVICE_UNAVAILABLE: c_int = 0x0502;
    pub const STATUS_NOT_ACCEPTING_JOBS: c_int = 0x0506;
    /// The last "successful-ok-…" status; anything above is an error.
    pub const STATUS_LAST_OK: c_int = 0x00FF;

    pub const PRINTER_STOPPED: i32 = 5;
    pub const JOB_PENDING: i32 = 3;
    pub const JOB_STOPPED: i32 = 6;
    pub const JOB_CANCELED: i32 = 7;
    pub const JOB_ABORTED: i32 = 8;
    pub const JOB_COMPLETED: i32 = 9;

    const TAG_OPERATION: c_int = 0x01;
    const TAG_ZERO: c_int = 0x00;
    const TAG_URI: c_int = 0x45;
    const TAG_KEYWORD: c_int = 0x44;

    /// `ipp_t` and `ipp_attribute_t`, only ever handled by pointer.
    #[repr(C)]
    struct Opaque {
        _private: [u8; 0],
    }

    type PasswordCallback = extern "C" fn(
        prompt: *const c_char,
        http: *mut c_void,
        method: *const c_char,
        resource: *const c_char,
        user_data: *mut c_void,
    ) -> *const c_char;

    #[link(name = "cups")]
    extern "C" {
        fn ippNewRequest(op: c_int) -> *mut Opaque;
        fn ippAddString(
            ipp: *mut Opaque,
            group: c_int,
            value_tag: c_int,
            name: *const c_char,
            language: *const c_char,
            value: *const c_char,
        ) -> *mut Opaque;
        fn ippAddStrings(
            ipp: *mut Opaque,
            group: c_int,
            value_tag: c_int,
            name: *const c_char,
            num_values: c_int,
            language: *const c_char,
            values: *const *const c_char,
        ) -> *mut Opaque;
        fn ippDelete(ipp: *mut Opaque);
        fn ippFindAttribute(ipp: *mut Opaque, name: *const c_char, value_tag: c_int)
            -> *mut Opaque;
        fn ippGetCount(attr: *mut Opaque) -> c_int;
        fn ippGetInteger(attr: *mut Opaque, element: c_int) -> c_int;
        fn ippGetBoolean(attr: *mut Opaque, element: c_int) -> c_int;
        fn ippGetString(
            attr: *mut Opaque,
            element: c_int,
            language: *mut *const c_char,
        ) -> *const c_char;
        fn cupsDoRequest(
            http: *mut c_void,
            request: *mut Opaque,
            resource: *const c_char,
        ) -> *mut Opaque;
        fn cupsCancelJob2(
            http: *mut c_void,
            name: *const c_char,
            job_id: c_int,
            purge: c_int,
        ) -> c_int;
        fn cupsLastError() -> c_int;
        fn cupsLastErrorString() -> *const c_char;
        fn cupsSetPasswordCB2(cb: Option<PasswordCallback>, user_data: *mut c_void);
    }

    /// Answers every password prompt with "no password".
    extern "C" fn no_password(
        _prompt: *const c_char,
        _http: *mut c_void,
        _method: *const c_char,
        _resource: *const c_char,
        _user_data: *mut c_void,
    ) -> *const c_char {
        ptr::null()
    }

    thread_local! {
        static PROMPTS_OFF: Cell<bool> = const { Cell::new(false) };
    }

    /// libcups's default password callback reads the terminal: on a kiosk that would block a
    /// print forever if a server ever asked for authentication. The callback is per thread.
    fn never_prompt() {
        PROMPTS_OFF.with(|off| {
            if !off.get() {
                // SAFETY: a valid `extern "C"` function with the signature libcups expects.
                unsafe { cupsSetPasswordCB2(Some(no_password), ptr::null_mut()) };
                off.set(true);
            }
        });
    }

    /// Why a request failed: libcups's IPP status and message.
    #[derive(Debug)]
    pub struct Failure {
        pub status: c_int,
        pub message: String,
    }

    impl Failure {
        /// The calling thread's last libcups error.
        pub fn last() -> Failure {
            // SAFETY: both read libcups's per-thread state; the string is copied at once.
            let (status, message) = unsafe { (cupsLastError(), cupsLastErrorString()) };
            let message = if message.is_null() {
                String::new()
            } else {
                // SAFETY: libcups returns a NUL-terminated string it owns.
                unsafe { CStr::from_ptr(message) }
                    .to_string_lossy()
                    .into_owned()
            };
            Failure { status, message }
        }
    }

    /// An IPP request being built. Attribute names and values are kept alive until sent.
    pub struct Request {
        op: c_int,
        uris: Vec<(CString, CString)>,
        requested: Vec<CString>,
    }

    impl Request {
        pub fn new(op: c_int) -> Request {
            Request {
                op,
                uris: Vec::new(),
                requested: Vec::new(),
            }
        }

        /// Adds a URI operation attribute. Values come from checked queue names and numbers,
        /// so they hold no NUL; one that did would become an empty string.
        pub fn uri(mut self, name: &str, value: &str) -> Request {
            self.uris.push((cstring(name), cstring(value)));
            self
        }

        pub fn requested(mut self, names: &[&str]) -> Request {
            self.requested = names.iter().map(|n| cstring(n)).collect();
            self
        }

        /// Sends the request on this thread's connection to the print server.
        pub fn send(self) -> Result<Response, Failure> {
            never_prompt();
            let requested_name = cstring("requested-attributes");
            let requested: Vec<*const c_char> = self.requested.iter().map(|s| s.as_ptr()).collect();
            // SAFETY: every pointer passed is a live NUL-terminated string; libcups copies
            // names and values into the request, and `cupsDoRequest` frees the request.
            let response = unsafe {
                let request = ippNewRequest(self.op);
                if request.is_null() {
                    return Err(Failure {
                        status: -1,
                        message: "libcups could not allocate a request".into(),
                    });
                }
                for (name, value) in &self.uris {
                    ippAddString(
                        request,
                        TAG_OPERATION,
                        TAG_URI,
                        name.as_ptr(),
                        ptr::null(),
                        value.as_ptr(),
                    );
                }
                if !requested.is_empty() {
                    ippAddStrings(
                        request,
                        TAG_OPERATION,
                        TAG_KEYWORD,
                        requested_name.as_ptr(),
                        requested.len() as c_int,
                        ptr::null(),
                        requested.as_ptr(),
                    );
                }
                cupsDoRequest(ptr::null_mut(), request, c"/".as_ptr())
            };
            let failure = Failure::last();
            let response = Response(response);
            if response.0.is_null() || failure.status > STATUS_LAST_OK {
                return Err(failure);
            }
            Ok(response)
        }
    }

    /// A response from the print server; freed on drop.
    pub struct Response(*mut Opaque);

    impl Drop for Response {
        fn drop(&mut self) {
            if !self.0.is_null() {
                // SAFETY: the response came from `cupsDoRequest` and is freed only here.
                unsafe { ippDelete(self.0) };
            }
        }
    }

    impl Response {
        fn find(&self, name: &str) -> Option<*mut Opaque> {
            let name = cstring(name);
            // SAFETY: `self.0` is a live response; the name is NUL-terminated.
            let attr = unsafe { ippFindAttribute(self.0, name.as_ptr(), TAG_ZERO) };
            (!attr.is_null()).then_some(attr)
        }

        pub fn integer(&self, name: &str) -> Option<i32> {
            // SAFETY: `attr` belongs to the live response.
            self.find(name)
                .map(|attr| unsafe { ippGetInteger(attr, 0) })
        }

        pub fn boolean(&self, name: &str) -> Option<bool> {
            // SAFETY: `attr` belongs to the live response.
            self.find(name)
                .map(|attr| unsafe { ippGetBoolean(attr, 0) } != 0)
        }

        pub fn strings(&self, name: &str) -> Vec<String> {
            let Some(attr) = self.find(name) else {
                return Vec::new();
            };
            // SAFETY: `attr` belongs to the live response; each string is copied at once.
            let count = unsafe { ippGetCount(attr) };
            (0..count)
                .filter_map(|i| {
                    let value = unsafe { ippGetString(attr, i, ptr::null_mut()) };
                    (!value.is_null()).then(|| {
                        unsafe { CStr::from_ptr(value) }
                            .to_string_lossy()
                            .into_owned()
                    })
                })
                .collect()
        }

        pub fn string(&self, name: &str) -> Option<String> {
            self.strings(name).into_iter().next()
        }
    }

    /// Cancels job `id` of `queue` as its owner (libcups sends our user name).
    pub fn cancel_job(queue: &str, id: i32) -> Result<(), Failure> {
        never_prompt();
        let queue = cstring(queue);
        // SAFETY: a live NUL-terminated queue name; NULL means this thread's connection.
        let status = unsafe { cupsCancelJob2(ptr::null_mut(), queue.as_ptr(), id, 0) };
        if status > STATUS_LAST_OK {
            return Err(Failure::last());
        }
        Ok(())
    }

    fn cstring(s: &str) -> CString {
        CString::new(s).unwrap_or_default()
    }
}
