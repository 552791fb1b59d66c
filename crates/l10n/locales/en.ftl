### Qəbul Kiosk's texts, read by the UI (ui/src/lib/i18n.ts) and by the Rust side (crates/l10n).
### Every message is in az, ru and en; the ids and variables the Rust side uses are listed in
### crates/l10n/src/messages.rs, and crates/l10n/tests/messages.rs checks all three files.

## The UI

app-title = Electronic reception of citizens
welcome-title = Welcome!
welcome-subtitle = Book an audience with an official and print your notice.
welcome-start = Book an audience
welcome-hint = Touch the button to begin
lang-switch = Language
officials-title = Officials you can book an audience with
officials-days = Reception days
officials-hours = Hours
officials-loading = Loading the list…
back = Back
retry = Try again
error-catalog-unavailable = The central server cannot be reached. Please try again shortly or ask at the reception desk.
error-catalog-invalid = The reception schedule could not be read. Please ask at the reception desk.
error-print-queue = The print queue could not be read. Please ask at the reception desk.
error-session = The card action did not work. Please ask at the reception desk.
error-unknown = Something unexpected went wrong. Please ask at the reception desk.
sync-online = Online · { $time }
sync-never = Online
sync-offline = Offline: bookings are kept
sync-pending = { $count } to send
sync-refused = { $count } refused
sync-revoked = Kiosk not accepted by the server
printer-ready = Printer ready
printer-paper-near-end = Printer paper is running low
printer-paper-out = Printer is out of paper
printer-cover-open = Printer cover is open
printer-offline = Printer is offline
printer-error = Printer error
printer-waiting = { $count } waiting to print
printer-failed = { $count } not printed
printer-retry = Print again
card-prompt = Insert your ID card into the reader
card-unreadable = The card could not be read. Please try again or ask at the reception desk.
card-document-expired = Your document has expired. Please ask at the reception desk.
card-reader-lost = The card reader is not working. Please ask at the reception desk.
card-present = A card is there but was not read. Please hold it to the document reader.
session-greeting = Welcome, { $name }
session-finish = Finish
session-countdown = Your session ends in { $seconds } s
session-more-time = I need more time
session-from-card = Details read from the card
address-title = Type and confirm your registered address
address-confirm = Confirm
demo-title = Demo: insert a card
demo-remove = Take the card out
demo-card = Card { $number }

## Booking form errors (qebul-core validation codes, prefixed with "validation-")

validation-official-missing = Please choose the official you want to see.
validation-date-missing = Please choose a reception day.
validation-topic-missing = Please choose the subject of your application.
validation-social-status-missing = Please choose your social status.
validation-privilege-missing = Please choose your privilege, or “I have no privilege”.
validation-email-missing = Please enter your e-mail address, for example name@mail.az
validation-phone-missing = Please enter your phone number, for example 050 123 45 67
validation-workplace-missing = Please enter your workplace.
validation-position-missing = Please enter your position.
validation-address-missing = Please enter the address where you live, or tick “Same as ID card”.
validation-note-missing = Please write your note.
validation-comment-missing = Please write your comment.
validation-official-unknown = This official is not on the list. Please choose again from the list.
validation-topic-unknown = This subject is not on the list. Please choose one from the list.
validation-social-status-unknown = This social status is not on the list. Please choose one from the list.
validation-privilege-unknown = This privilege is not on the list. Choose one from the list, or “I have no privilege”.
validation-choice-unknown = Please choose from the list.
validation-date-invalid = Please choose the reception day from the days offered.
validation-date-not-offered = There is no reception on the chosen date. Please choose one of the days offered.
validation-workplace-too-long = Workplace can be at most { $max } characters; it has { $found }. Please shorten it.
validation-position-too-long = Position can be at most { $max } characters; it has { $found }. Please shorten it.
validation-address-too-long = The address can be at most { $max } characters; it has { $found }. Please shorten it.
validation-note-too-long = The note can be at most { $max } characters; it has { $found }. Please shorten it.
validation-comment-too-long = Your comment can be at most { $max } characters; it has { $found }. Please shorten it.
validation-text-too-long = The text can be at most { $max } characters; it has { $found }. Please shorten it.
validation-email-invalid = Please check the e-mail address, for example name@mail.az
validation-email-non-ascii-domain = The part of the e-mail address after @ can only have plain Latin letters (no ə, ı, ş, ç, ğ, ö, ü), for example name@mail.az
validation-phone-invalid-character = Please write the phone number in digits only, for example 050 123 45 67
validation-phone-not-e164 = Please write the phone number in digits only, for example 050 123 45 67
validation-phone-too-short = Please enter the whole phone number, for example 050 123 45 67
validation-phone-too-long = The phone number has too many digits. Please check it, for example 050 123 45 67
validation-phone-unknown-code = The code 0{ $code } is not known. Please check the operator or city code, for example 050 or 012
validation-phone-foreign-invalid = Please enter the foreign number in full with its country code, for example +7 912 345 67 89

## Booking refusals (qebul-core's policy, qebul-store's book(); codes prefixed with "booking-")

booking-limit-reached =
    { $count ->
        [0] Bookings with this official are not possible at the moment.
        [1] You already have a booking with this official on { $dates }. You can book again after that reception.
       *[other] You already have { $count } bookings with this official: { $dates }. You can book again after those receptions.
    }
booking-no-lease = This kiosk cannot book this day now: it has no connection to the server. Please choose another date or ask the receptionist.
booking-no-place-left = This kiosk has no place left for this day. Please choose another date or ask the receptionist.
booking-no-numbers-left = This kiosk cannot take a new application just now. Please ask the receptionist for help.
booking-store-error = A technical error occurred. Please ask the receptionist for help.

## The history search (qebul-core's SearchError codes prefixed with "search-", StatusFilter codes
## prefixed with "status-"). $input: what was typed; $days: the days of that month.

search-not-a-date = “{ $input }” is not a date. Write a date like 03.04.2015, 3 April 2015, April 2015 or 2015.
search-no-such-month = “{ $input }”: there is no month { $month }; months run from 1 to 12 (the day comes first: 03.04.2015).
search-no-such-day =
    “{ $input }”: there is no such date; that month has { $days } { $days ->
        [one] day
       *[other] days
    }.
search-year-out-of-range = “{ $input }”: the year must be between 1900 and 2199.
search-unknown-status = “{ $input }” is not a status: choose active, closed or cancelled applications.
status-active = Active applications
status-closed = Closed applications
status-cancelled = Cancelled applications

## Reception-rule phrases that could not be read (qebul-core's RulePhraseError codes prefixed with
## "rule-phrase-"), for the operator importing a catalog. $phrase: the whole rule as written.
## The server's import command prints these English ones.

rule-phrase-empty = The reception rule is empty: write the reception days and hours, e.g. "birinci günlər Saat: 10:00-dan".
rule-phrase-no-days = The rule "{ $phrase }" names no reception days: write e.g. "birinci günlər" or "həftənin bütün iş günləri" before the hours.
rule-phrase-unknown-day = In the rule "{ $phrase }", "{ $word }" is not a reception day: write "birinci" … "yeddinci" (Monday … Sunday) or "həftənin bütün iş günləri".
rule-phrase-repeated-day = In the rule "{ $phrase }", the day "{ $word }" is written twice.
rule-phrase-no-hours = The rule "{ $phrase }" names no reception hours: write e.g. "Saat: 10:00-dan" or "Saat: bütün iş saatı" after the days.
rule-phrase-unknown-hours = In the rule "{ $phrase }", "{ $text }" is not understood as reception hours: write "10:00-dan", "10:00-dan 13:00-dək" or "bütün iş saatı".
rule-phrase-bad-time = In the rule "{ $phrase }", "{ $text }" is not a valid time: write HH:MM between 00:00 and 23:59, e.g. "10:00-dan".
rule-phrase-ends-before-start = In the rule "{ $phrase }", reception must end ({ $end }) later than it starts ({ $start }).
rule-phrase-unexpected = In the rule "{ $phrase }", "{ $text }" is not understood: the rule must end with the hours.

## The printed notice (qebul-notice): the line under the Azerbaijani label.

notice-service = ELECTRONIC RECEPTION OF CITIZENS
notice-number = NOTICE No.
notice-application-number = APPLICATION No.
notice-official = Receiving official:
notice-reception = Reception date and time:
notice-citizen = Citizen's surname, name and patronymic:
notice-document-type = Identity document:
notice-document-number = Document number:
notice-created = Application made:
notice-printed = Printed:
notice-date-of-birth = Date of birth:
notice-social-status = Social status:
notice-privilege = Privilege:
notice-topic = Topic:
notice-registered-address = Registered address:
notice-home-address = Home address:
notice-workplace = Workplace:
notice-contact = Contact:
notice-citizen-note = Citizen's note:
notice-timeline = History
notice-details = Details
notice-reprint = REPRINT
notice-test = TEST PRINT
notice-seal = To check that this notice is genuine
# ui skeleton
start-over = Start over
error-address-empty = Please type the address.
error-address-too-long = The address is too long. Please shorten it.
ended-card-removed = The card was taken out; your session has ended.
ended-finished = Your session has ended.
ended-idle = Your session ended because the screen was not touched for a while.
ended-new-card = A new card was inserted; the previous session has ended.
document-id-card = ID card
document-passport = Passport
sync-unauthorized = Kiosk not recognised by the server

# The booking form
booking-no-citizen = Your session has ended. Please insert your ID card again.
booking-address-not-confirmed = Please confirm your registered address first.
booking-form-invalid = Please correct the marked fields.
booking-place-gone = While you were filling in the form, the last place on this day was taken. Please choose another date: everything you entered is kept.
booking-server-policy = You already have an audience booked with this official. You can book again once it has taken place or been cancelled.
booking-server-refused = The server did not accept this application now. Please choose another date or ask the receptionist.
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday

# on-screen keyboard
keyboard-name = On-screen keyboard
keyboard-layouts = Keyboard language
keyboard-layout-az = Azerbaijani letters
keyboard-layout-ru = Russian letters
keyboard-layout-en = English letters
keyboard-backspace = Delete the character on the left
keyboard-shift = Capital letter
keyboard-space = Space
keyboard-left = Move the cursor left
keyboard-right = Move the cursor right

# Booking screens: titles
booking-title = Reception date and topic
details-title = Your contact details
review-title = Check your details
sent-history = My applications
sent-title = Your application has been sent

# Officials search, welcome animation and the sent screen
officials-search = Search by name or position
officials-search-clear = Clear
officials-search-none = No official matches your search.
sent-number = Application number
sent-printing = Your notice is printing…
sent-printed = Take your notice from the printer
sent-kept = Your booking is kept under number { $number }.
sent-not-printed = The notice could not be printed: please show this number to the receptionist.

# The booking form screens (Booking, Details, Review)
form-loading = Loading…
form-official = Receiving official
form-date = Reception day
form-topic = Topic of your application
form-social-status = Your social status
form-privilege = Privilege (benefit)
form-shortened = Shortened working day
form-places-left =
    { $count ->
        [one] { $count } place left
       *[other] { $count } places left
    }
form-date-online-only = Only online
form-date-full = No places left
form-date-online-only-why = This kiosk is not connected to the server now and holds no place for this day: it can only be booked online. Please choose another day.
form-date-full-why = There are no places left on this day. Please choose another day.
form-no-dates = This official has no reception days coming up.
form-next = Next
form-from-card = From your ID card
form-document = Document
form-full-name = Surname, name and patronymic
form-registered-address = Registered address
form-email = Your e-mail
form-phone = Your phone number
form-workplace = Workplace
form-position = Position
form-address-same = I live at the address on my ID card
form-address = Where you live now
form-note = Additional note about your application
form-note-count = { $count } / { $max }
form-yes = Yes
form-no = No
form-keyboard-hide = Hide keyboard
review-address-same = Same as on my ID card
review-not-given = Not given
review-edit = Edit
review-send = SEND MY DETAILS
review-sending = Sending…
review-other-dates = Choose another day:
review-choose-another-date = Choose another date

## The citizen's applications (crates/app CitizenError)
citizen-card-needed = To see your applications, insert your ID card into the reader.
citizen-not-found = This application was not found. Please go back to the list.
citizen-mismatch = The server could not confirm that this ID card belongs to the applicant. Please ask the receptionist.
citizen-not-cancellable = This application can no longer be cancelled: it is closed or its reception day has passed.
citizen-already-printing = The notice is already being printed. Please wait a moment.
citizen-print-elsewhere = This application was made at another kiosk; the receptionist can print its notice.
citizen-failed = A technical error occurred at the kiosk. Please ask the receptionist.
checkin-barcode-unreadable = This is not the barcode of an audience notice. Scan the notice's barcode again or ask the receptionist.

## The citizen's applications: screens (ui/src/screens/History, Application, CheckIn)
history-title = My applications
application-title = Application
checkin-title = Check-in

## Check-in screen (ui/src/screens/CheckIn.svelte)
checkin-checked-in = You are checked in
checkin-already-checked-in = You are already checked in
checkin-other-day = Your audience is on { $date }, not today
checkin-not-today = Your audience is not today
checkin-cancelled = This application was cancelled
checkin-unknown = No application has this barcode
checkin-ask-receptionist = Please ask the receptionist.
checkin-unverified = This notice cannot be checked now
checkin-show-receptionist = Please show the notice to the receptionist.
checkin-room = Go to: { $room }
checkin-place = You are number { $place } in today's line
checkin-queued = Recorded at this kiosk; it will reach the server when the connection returns.
checkin-number = Application number
checkin-date = Reception date
checkin-my-applications = My applications
checkin-book-another = Book another audience

## Application screen (ui/src/screens/Application.svelte, seed Şəkil 9)
application-number = Application No.
application-status = Status
application-status-booked = Booked
application-status-in-review = Being reviewed
application-status-closed = Closed
application-status-cancelled = Cancelled
application-status-cancelling = Being cancelled
application-status-cancelling-note = It will be confirmed when the connection returns.
application-official = Official
application-room = Where
application-reception-date = Reception date
application-applied-at = Applied on
application-details = Application details
application-citizen-name = Full name
application-document = Document number
application-birth-date = Date of birth
application-topic = Topic
application-social-status = Social status
application-privilege = Privilege
application-phone = Phone
application-email = E-mail
application-workplace = Workplace
application-position = Position
application-address = Address
application-note = Additional note
application-timeline = History
application-event-applied = You applied for an audience
application-event-printed = The notice was printed
application-event-status-changed = Status changed: { $status }
application-event-reply = The authority replied
application-event-comment = Comment
application-event-comment-yours = Your comment
application-event-cancelled = The application was cancelled
application-event-arrived = You checked in
application-not-sent = Not sent to the server yet
application-refused = Refused by the server
application-comment = Your comments on this application
application-comment-send = Send
application-comment-sending = Sending…
application-comment-sent = Your comment was sent.
application-comment-queued = Your comment is saved; it will be sent when the connection returns.
application-comment-closed = Comments can no longer be added to this application.
application-print = Print
application-printing = Printing: take your notice from the printer below.
application-print-receptionist = The receptionist can print this application's notice for you.
application-cancel = Cancel application
application-cancel-question = Cancel your audience with { $official } on { $date }?
application-cancel-yes = Yes, cancel
application-cancel-no = No, keep it
application-cancel-busy = Cancelling…
application-cancel-done = Your audience is cancelled.
application-cancel-queued = Your cancellation is saved; it will be confirmed when the connection returns.
application-loading = Loading the application…
application-back = Go back

## History screen (ui/src/screens/History.svelte, ui/src/lib/history/; seed Şəkil 8 and 10).
## The tabs are on the officials screen too. $date: the date searched, as Rust wrote it out.
history-tabs = Sections
history-tab-book = Book an audience
history-tab-mine = My applications
history-loading = Loading your applications…
history-date = Reception date
history-date-hint = For example: 3-4-2015, 03.04.2015, April 2015
history-date-searched = Applications for { $date }
history-official = Official
history-status = Status
history-status-all = All applications
history-search = SEARCH
history-clear = Clear
history-applied-at = Applied on
history-reception-date = Reception date
history-state-booked = Booked
history-state-in-review = Being reviewed
history-state-closed = Closed
history-state-cancelled = Cancelled
history-state-cancelling = Being cancelled
history-not-sent = Not sent to the server yet
history-checked-in = Checked in
history-offline = The server cannot be reached. Only the applications made at this kiosk are shown, so the list may be incomplete.
history-none = You have no applications yet.
history-no-match = No application matches this search.
history-clear-search = Clear search
history-page = Page { $page } of { $pages }
history-previous = Previous
history-next = Next

# Large text and contrast
# The access bar in the header (ui/src/AccessBar.svelte): three toggles, an icon and a word each.
access-bar = Accessibility
access-bar-speech = Speech
access-bar-large-text = Large text
access-bar-high-contrast = Contrast

# Speech and the keypad
# Speech mode (ui/src/lib/access/, ui/src/Access.svelte, ui/src/Countdown.svelte): what the kiosk
# says aloud besides the texts on screen. Rust speaks them in the session's language and reads
# "3 / 12" as "3 of 12", dates, numbers and masked characters itself.
speech-help = To move between the items on the screen, press the up or down arrow. To choose the item you hear, press the round Select key. The Back key returns to the previous screen, and the question mark key repeats this screen and this help. The plus and minus keys change the volume. You can also touch the screen: the first touch reads an item aloud, the second chooses it.
speech-role-button = button
speech-role-link = link
speech-role-field = text field
speech-role-tab = tab
speech-role-choice = choice
speech-role-checkbox = check box
speech-role-switch = switch
speech-role-key = key
speech-state-selected = selected
speech-state-not-selected = not selected
speech-state-checked = checked
speech-state-not-checked = not checked
speech-state-on = on
speech-state-off = off
speech-state-unavailable = unavailable
speech-state-empty = empty
speech-state-invalid = has an error
speech-char-hyphen = hyphen
speech-char-dot = dot
speech-char-comma = comma
speech-char-slash = slash
speech-char-quote = quotation mark
speech-char-at = at sign
speech-char-underscore = underscore
speech-char-plus = plus
speech-unavailable = This item is not available right now.
speech-no-back = This is the first screen: there is nothing to go back to.
speech-countdown =
    Your session ends in { $seconds } { $seconds ->
        [one] second
       *[other] seconds
    }.
speech-more-time = Press Select or touch the screen for more time.
speech-volume = Volume: { $volume } / { $max }
speech-notice = Application number: { $number }. Receiving official: { $official }. Reception: { $when }.
speech-notice-room = Where to go: { $room }.

# Staff screen (the receptionist's screen; ui/src/staff/)
staff-pin-title = Staff PIN
staff-pin-entered = Digits entered: { $count }
staff-pin-erase = Erase
staff-pin-cancel = Cancel
staff-pin-enter = Enter
staff-pin-wrong-left = Wrong PIN. Attempts left: { $left }.
staff-locked = Too many wrong PINs. Try again in { $seconds } seconds.
staff-title = Staff: { $who }
staff-change-pin = Change PIN
staff-close = Close
staff-tabs = Staff sections
staff-tab-reprint = Reprint
staff-tab-verify = Verify
staff-tab-day = Day list
staff-tab-unsent = Unsent
staff-tab-printer = Printer
staff-tab-kiosk = Kiosk
staff-loading = Loading…
staff-search = Search
staff-keyboard = Keyboard
staff-clear = Clear
staff-none = None
staff-reprint-query = Scan the barcode, or type a number, name or date
staff-reprint-none = Nothing found.
staff-col-number = Number
staff-col-citizen = Citizen
staff-col-official = Official
staff-col-date = Reception date
staff-col-status = Status
staff-col-printed = Times printed
staff-reprint = Reprint
staff-preview = Preview
staff-reprint-queued = Reprint queued: { $number }.
staff-job-waiting = Waiting to print…
staff-job-printed = Printed.
staff-job-failed = Printing failed: { $reason }
staff-verify-query = Scan the notice's QR code
staff-verify = Verify
staff-verdict-genuine = Genuine: issued by this authority
staff-verdict-forged = Forged: the signature does not match
staff-verdict-unreadable = Unreadable: not a notice's code
staff-verdict-unknown-kiosk = Not issued by this authority
staff-verify-kiosk = Kiosk
staff-verify-number = Number
staff-verify-official = Official
staff-verify-date = Reception date
staff-verify-issued = Issued at
staff-verify-reason = Reason
staff-day-today = Today
staff-day-tomorrow = Tomorrow
staff-day-date = Reception date: { $date }
staff-day-checked-in = Checked in
staff-day-cancelled = Cancelled
staff-day-waiting = Expected
staff-day-none = No bookings for this day.
staff-unsent-title = Not yet on the server
staff-unsent-none = Everything has been sent.
staff-unsent-booking = Booking
staff-unsent-comment = Comment
staff-unsent-cancellation = Cancellation
staff-unsent-check-in = Check-in
staff-unsent-since = Since
staff-unsent-attempts = Attempts
staff-unsent-error = Last error
staff-sync-now = Sync now
staff-sync-asked = Sync started.
staff-refused-title = Refused by the server
staff-refused-none = Nothing refused.
staff-refused-at = Refused at
staff-refused-reason = The server's reason
staff-resolve = Mark resolved
staff-resolve-note = Write how it was resolved
staff-resolve-save = Save
staff-resolved = Note saved.
staff-printer-state = Printer state
staff-printer-unknown = State unknown
staff-printer-failed = Notices not printed
staff-printer-none-failed = No failed notices.
staff-test-page = Print a test page
staff-test-page-sent = Test page sent to the printer.
staff-preview-title = Notice preview
staff-preview-hint = To preview a notice, search for it.
staff-preview-alt = Notice number { $number }, as it prints
staff-kiosk-enrolled = Enrollment
staff-kiosk-enrolled-yes = Enrolled
staff-kiosk-enrolled-no = Not enrolled
staff-kiosk-id = Kiosk id
staff-kiosk-server = Server
staff-kiosk-catalog = Catalog version
staff-kiosk-signature = Catalog signature
staff-kiosk-signature-ok = Valid
staff-kiosk-signature-bad = Not verified
staff-kiosk-leases = Leased places
staff-lease-places = Places
staff-lease-used = Used
staff-lease-until = Valid until
staff-kiosk-numbers-left = Numbers left in the block
staff-kiosk-disk-free = Free disk space
staff-kiosk-database = Database size
staff-kiosk-version = Version
staff-pin-old = Old PIN
staff-pin-new = New PIN
staff-pin-again = New PIN again
staff-pin-mismatch = The new PINs differ.
staff-pin-changed = PIN changed.
staff-pin-save = Change
staff-cancel = Cancel
error-staff-closed = The staff screen is closed. Enter the PIN again.
error-staff-pin-wrong = Wrong PIN.
error-staff-locked-out = Too many wrong PINs. Try again later.
error-staff-pin-invalid = A PIN is 4 to 8 digits.
error-staff-note-invalid = A note is 1 to 500 characters.
error-staff-not-found = No such booking or print job.
