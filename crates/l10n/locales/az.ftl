### Qəbul Kiosk's texts, read by the UI (ui/src/lib/i18n.ts) and by the Rust side (crates/l10n).
### Every message is in az, ru and en; the ids and variables the Rust side uses are listed in
### crates/l10n/src/messages.rs, and crates/l10n/tests/messages.rs checks all three files.

## The UI

app-title = Vətəndaşların elektron qəbulu
welcome-title = Xoş gəlmisiniz!
welcome-subtitle = Vəzifəli şəxsin qəbuluna yazılın və bildirişinizi çap edin.
welcome-start = Qəbula yazılın
welcome-hint = Başlamaq üçün düyməyə toxunun
lang-switch = Dil
officials-title = Qəbuluna yazılmaq istədiyiniz səlahiyyətli şəxslərin siyahısı
officials-days = Həftə üzrə qəbul günləri
officials-hours = Saat
officials-loading = Siyahı yüklənir…
back = Geri
retry = Yenidən cəhd et
error-catalog-unavailable = Mərkəzi serverlə əlaqə yoxdur. Bir az sonra yenidən cəhd edin və ya qəbul masasına müraciət edin.
error-catalog-invalid = Qəbul cədvəli oxuna bilmədi. Zəhmət olmasa qəbul masasına müraciət edin.
error-print-queue = Çap növbəsi oxuna bilmədi. Zəhmət olmasa qəbul masasına müraciət edin.
error-session = Vəsiqə ilə əməliyyat alınmadı. Zəhmət olmasa qəbul masasına müraciət edin.
error-unknown = Gözlənilməz xəta baş verdi. Zəhmət olmasa qəbul masasına müraciət edin.
sync-online = Onlayn · { $time }
sync-never = Onlayn
sync-offline = Oflayn: müraciətlər saxlanılır
sync-pending = { $count } göndəriləcək
sync-refused = { $count } rədd edilib
sync-revoked = Server kioskı qəbul etmir
printer-ready = Printer hazırdır
printer-paper-near-end = Printerdə kağız azalır
printer-paper-out = Printerdə kağız qurtarıb
printer-cover-open = Printerin qapağı açıqdır
printer-offline = Printer qoşulmayıb
printer-error = Printer xəta verir
printer-waiting = { $count } bildiriş çap növbəsində
printer-failed = { $count } bildiriş çap olunmayıb
printer-retry = Yenidən çap et
card-prompt = Şəxsiyyət vəsiqənizi oxuyucuya daxil edin
card-unreadable = Vəsiqə oxunmadı. Zəhmət olmasa yenidən cəhd edin və ya qəbul masasına müraciət edin.
card-document-expired = Sənədinizin müddəti bitib. Zəhmət olmasa qəbul masasına müraciət edin.
card-reader-lost = Vəsiqə oxuyucusu işləmir. Zəhmət olmasa qəbul masasına müraciət edin.
card-present = Vəsiqə görünür, lakin oxunmadı. Zəhmət olmasa vəsiqəni sənəd oxuyucusuna tutun.
session-greeting = Xoş gəlmisiniz, { $name }
session-finish = Bitir
session-countdown = Sessiyanız { $seconds } saniyədən sonra bitəcək
session-more-time = Mənə daha çox vaxt lazımdır
session-from-card = Məlumatlar vəsiqədən oxunub
address-title = Qeydiyyat ünvanınızı yazın və təsdiq edin
address-confirm = Təsdiq et
demo-title = Demo: vəsiqəni daxil edin
demo-remove = Vəsiqəni çıxarın
demo-card = Vəsiqə { $number }

## Booking form errors (qebul-core validation codes, prefixed with "validation-")

validation-official-missing = Qəbuluna yazılmaq istədiyiniz vəzifəli şəxsi seçin.
validation-date-missing = Qəbul gününü seçin.
validation-topic-missing = Müraciət istiqamətini seçin.
validation-social-status-missing = Sosial statusunuzu seçin.
validation-privilege-missing = İmtiyazınızı və ya «İmtiyazım yoxdur» variantını seçin.
validation-email-missing = E-poçt ünvanınızı yazın, məsələn ad@mail.az
validation-phone-missing = Telefon nömrənizi yazın, məsələn 050 123 45 67
validation-workplace-missing = İş yerinizi yazın.
validation-position-missing = Vəzifənizi yazın.
validation-address-missing = Yaşadığınız ünvanı yazın və ya «Şəxsiyyət vəsiqəsi ilə eynidir» xanasını işarələyin.
validation-note-missing = Qeydinizi yazın.
validation-comment-missing = Fikrinizi yazın.
validation-official-unknown = Bu vəzifəli şəxs siyahıda yoxdur. Siyahıdan yenidən seçin.
validation-topic-unknown = Bu müraciət istiqaməti siyahıda yoxdur. Siyahıdan seçin.
validation-social-status-unknown = Bu sosial status siyahıda yoxdur. Siyahıdan seçin.
validation-privilege-unknown = Bu imtiyaz siyahıda yoxdur. Siyahıdan imtiyazınızı və ya «İmtiyazım yoxdur» variantını seçin.
validation-choice-unknown = Siyahıdan seçin.
validation-date-invalid = Qəbul gününü təklif olunan günlərdən seçin.
validation-date-not-offered = Seçilən tarixdə qəbul yoxdur. Təklif olunan günlərdən birini seçin.
validation-workplace-too-long = İş yeri ən çox { $max } simvol ola bilər, indi { $found } simvoldur. Mətni qısaldın.
validation-position-too-long = Vəzifə ən çox { $max } simvol ola bilər, indi { $found } simvoldur. Mətni qısaldın.
validation-address-too-long = Ünvan ən çox { $max } simvol ola bilər, indi { $found } simvoldur. Mətni qısaldın.
validation-note-too-long = Qeyd ən çox { $max } simvol ola bilər, indi { $found } simvoldur. Mətni qısaldın.
validation-comment-too-long = Fikriniz ən çox { $max } simvol ola bilər, indi { $found } simvoldur. Mətni qısaldın.
validation-text-too-long = Mətn ən çox { $max } simvol ola bilər, indi { $found } simvoldur. Mətni qısaldın.
validation-email-invalid = E-poçt ünvanını yoxlayın, məsələn ad@mail.az
validation-email-non-ascii-domain = E-poçt ünvanında @ işarəsindən sonrakı hissəni yalnız latın hərfləri ilə yazın (ə, ı, ş, ç, ğ, ö, ü olmadan), məsələn ad@mail.az
validation-phone-invalid-character = Telefon nömrəsini yalnız rəqəmlərlə yazın, məsələn 050 123 45 67
validation-phone-not-e164 = Telefon nömrəsini yalnız rəqəmlərlə yazın, məsələn 050 123 45 67
validation-phone-too-short = Telefon nömrəsini tam yazın, məsələn 050 123 45 67
validation-phone-too-long = Telefon nömrəsində artıq rəqəm var. Yoxlayın, məsələn 050 123 45 67
validation-phone-unknown-code = 0{ $code } kodu tanınmır. Operator və ya şəhər kodunu yoxlayın, məsələn 050 və ya 012
validation-phone-foreign-invalid = Xarici nömrəni ölkə kodu ilə tam yazın, məsələn +7 912 345 67 89

## Booking refusals (qebul-core's policy, qebul-store's book(); codes prefixed with "booking-")

booking-limit-reached =
    { $count ->
        [0] Bu vəzifəli şəxsin qəbuluna hazırda yazılmaq mümkün deyil.
        [1] Siz artıq bu vəzifəli şəxsin qəbuluna yazılmısınız: { $dates }. Həmin qəbuldan sonra yenidən yazıla bilərsiniz.
       *[other] Siz artıq bu vəzifəli şəxsin qəbuluna { $count } dəfə yazılmısınız: { $dates }. Bu qəbullardan sonra yenidən yazıla bilərsiniz.
    }
booking-no-lease = Bu kiosk həmin günə indi yazıla bilmir: serverlə əlaqə yoxdur. Başqa tarix seçin və ya qəbul işçisinə müraciət edin.
booking-no-place-left = Bu kioskda həmin günə boş yer qalmayıb. Başqa tarix seçin və ya qəbul işçisinə müraciət edin.
booking-no-numbers-left = Bu kiosk indi yeni müraciət qeydə ala bilmir. Zəhmət olmasa, qəbul işçisinə müraciət edin.
booking-store-error = Texniki xəta baş verdi. Zəhmət olmasa, qəbul işçisinə müraciət edin.

## The history search (qebul-core's SearchError codes prefixed with "search-", StatusFilter codes
## prefixed with "status-"). $input: what was typed; $days: the days of that month.

search-not-a-date = «{ $input }» tarix deyil. Tarixi belə yazın: 03.04.2015, 3 aprel 2015, aprel 2015 və ya 2015.
# $month is not named: the ordinal's suffix would follow vowel harmony.
search-no-such-month = «{ $input }»: belə ay yoxdur, ay 1-dən 12-dək olur (əvvəl gün yazılır: 03.04.2015).
search-no-such-day = «{ $input }»: belə tarix yoxdur, bu ayda { $days } gün var.
search-year-out-of-range = «{ $input }»: il 1900 ilə 2199 arasında olmalıdır.
search-unknown-status = «{ $input }» status deyil: aktiv, bağlanmış və ya ləğv edilmiş müraciətləri seçin.
status-active = Aktiv müraciətlər
status-closed = Bağlanmış müraciətlər
status-cancelled = Ləğv edilmiş müraciətlər

## Reception-rule phrases that could not be read (qebul-core's RulePhraseError codes prefixed with
## "rule-phrase-"), for the operator importing a catalog. $phrase: the whole rule as written.

rule-phrase-empty = Qəbul qaydası boşdur: qəbul günlərini və saatını yazın, məsələn «birinci günlər Saat: 10:00-dan».
rule-phrase-no-days = «{ $phrase }» qaydasında qəbul günləri yoxdur: qəbul saatından əvvəl məsələn «birinci günlər» və ya «həftənin bütün iş günləri» yazın.
rule-phrase-unknown-day = «{ $phrase }» qaydasında «{ $word }» qəbul günü kimi tanınmadı: «birinci» … «yeddinci» və ya «həftənin bütün iş günləri» yazın.
rule-phrase-repeated-day = «{ $phrase }» qaydasında «{ $word }» günü iki dəfə yazılıb.
rule-phrase-no-hours = «{ $phrase }» qaydasında qəbul saatı yoxdur: günlərdən sonra məsələn «Saat: 10:00-dan» və ya «Saat: bütün iş saatı» yazın.
rule-phrase-unknown-hours = «{ $phrase }» qaydasında «{ $text }» qəbul saatı kimi tanınmadı: «10:00-dan», «10:00-dan 13:00-dək» və ya «bütün iş saatı» yazın.
rule-phrase-bad-time = «{ $phrase }» qaydasında «{ $text }» düzgün vaxt deyil: vaxtı SS:DD şəklində, 00:00 ilə 23:59 arasında yazın, məsələn «10:00-dan».
rule-phrase-ends-before-start = «{ $phrase }» qaydasında qəbulun bitmə vaxtı ({ $end }) başlama vaxtından ({ $start }) sonra olmalıdır.
rule-phrase-unexpected = «{ $phrase }» qaydasında «{ $text }» anlaşılmadı: qayda qəbul saatı ilə bitməlidir.

## The printed notice (qebul-notice). The Azerbaijani text is the official one and is printed
## as it is here; the Russian or English line goes under it in the citizen's language.

notice-service = VƏTƏNDAŞLARIN ELEKTRON QƏBULU
notice-number = BİLDİRİŞ №
notice-application-number = MÜRACİƏT №
notice-official = Qəbul edəcək vəzifəli şəxs:
# The seed writes "saati"; the standard spelling is "saatı" (saat + back-vowel ı).
notice-reception = Qəbul tarixi və saatı:
notice-citizen = Vətəndaşın soyadı, adı və atasının adı:
notice-document-type = Qeydiyyat sənədinin növü:
notice-document-number = Sənədin nömrəsi:
notice-created = Müraciətin yaranma tarixi:
notice-printed = Çap tarixi:
notice-date-of-birth = Təvəllüdü:
notice-social-status = Sosial vəziyyəti:
notice-privilege = İmtiyazı:
notice-topic = Müraciətin mövzusu:
notice-registered-address = Qeydiyyatda olduğu ünvan:
notice-home-address = Yaşadığı ünvan:
notice-workplace = İş yeri:
notice-contact = Əlaqə vasitəsi:
notice-citizen-note = Vətəndaşın qeydi:
notice-timeline = Tarixçə
notice-details = Ətraflı
notice-reprint = TƏKRAR ÇAP
notice-test = SINAQ ÇAPI
notice-seal = Bildirişin həqiqiliyini yoxlamaq üçün
# ui skeleton
start-over = Yenidən başlayın
error-address-empty = Zəhmət olmasa ünvanı yazın.
error-address-too-long = Ünvan çox uzundur. Zəhmət olmasa onu qısaldın.
ended-card-removed = Vəsiqə çıxarıldı, sessiyanız başa çatdı.
ended-finished = Sessiyanız başa çatdı.
ended-idle = Uzun müddət heç nəyə toxunulmadığı üçün sessiyanız başa çatdı.
ended-new-card = Yeni vəsiqə daxil edildi, əvvəlki sessiya başa çatdı.
document-id-card = Şəxsiyyət vəsiqəsi
document-passport = Pasport
sync-unauthorized = Server kioskı tanımır

# The booking form
booking-no-citizen = Sessiyanız başa çatıb. Zəhmət olmasa vəsiqənizi yenidən daxil edin.
booking-address-not-confirmed = Zəhmət olmasa əvvəlcə qeydiyyat ünvanınızı təsdiq edin.
booking-form-invalid = Zəhmət olmasa qeyd olunan xanaları düzəldin.
booking-place-gone = Siz formanı doldurarkən həmin günün son yeri tutuldu. Başqa tarix seçin: yazdıqlarınız saxlanılıb.
booking-server-policy = Bu səlahiyyətli şəxsin qəbuluna artıq yazılmısınız. Həmin qəbul keçənə və ya ləğv olunana qədər yenidən yazıla bilməzsiniz.
booking-server-refused = Server bu müraciəti indi qəbul etmədi. Başqa tarix seçin və ya qəbul işçisinə müraciət edin.
weekday-mon = Bazar ertəsi
weekday-tue = Çərşənbə axşamı
weekday-wed = Çərşənbə
weekday-thu = Cümə axşamı
weekday-fri = Cümə
weekday-sat = Şənbə
weekday-sun = Bazar

# on-screen keyboard
keyboard-name = Ekran klaviaturası
keyboard-layouts = Klaviaturanın dili
keyboard-layout-az = Azərbaycan hərfləri
keyboard-layout-ru = Rus hərfləri
keyboard-layout-en = İngilis hərfləri
keyboard-backspace = Soldakı simvolu silin
keyboard-shift = Böyük hərf
keyboard-space = Boşluq
keyboard-left = Kursoru sola aparın
keyboard-right = Kursoru sağa aparın

# Booking screens: titles
booking-title = Qəbul tarixi və müraciətin mövzusu
details-title = Əlaqə məlumatlarınız
review-title = Məlumatları yoxlayın
sent-history = Tarixçənə bax
sent-title = Müraciətiniz göndərildi

# Officials search, welcome animation and the sent screen
officials-search = Ad, soyad və ya vəzifə ilə axtarın
officials-search-clear = Təmizlə
officials-search-none = Axtarışınıza uyğun vəzifəli şəxs tapılmadı.
sent-number = Müraciətin nömrəsi
sent-printing = Bildirişiniz çap olunur…
sent-printed = Bildirişinizi printerdən götürün
sent-kept = Müraciətiniz { $number } nömrəsi ilə saxlanılıb.
sent-not-printed = Bildiriş çap oluna bilmədi: zəhmət olmasa bu nömrəni qəbul işçisinə göstərin.

# The booking form screens (Booking, Details, Review)
form-loading = Yüklənir…
form-official = Qəbul edəcək vəzifəli şəxs
form-date = Qəbul günü
form-topic = Müraciət istiqaməti
form-social-status = Sosial statusunuz
form-privilege = İmtiyaz (güzəşt) statusu
form-shortened = Qısaldılmış iş günü
form-places-left = { $count } yer qalıb
form-date-online-only = Yalnız onlayn
form-date-full = Boş yer yoxdur
form-date-online-only-why = Kiosk indi serverə qoşulmayıb və bu günə onun boş yeri yoxdur: bu günə yalnız onlayn yazılmaq olar. Başqa gün seçin.
form-date-full-why = Bu günə boş yer qalmayıb. Başqa gün seçin.
form-no-dates = Yaxın günlərdə bu vəzifəli şəxsin qəbul günü yoxdur.
form-next = Davam et
form-from-card = Şəxsiyyət vəsiqənizdən
form-document = Sənəd
form-full-name = Soyad, ad və atanızın adı
form-registered-address = Qeydiyyatda olduğunuz ünvan
form-email = E-poçt ünvanınız
form-phone = Əlaqə nömrəniz
form-workplace = İş yeriniz
form-position = Vəzifəniz
form-address-same = Hazırda yaşadığım ünvan şəxsiyyət vəsiqəsi ilə eynidir
form-address = Hazırda yaşadığınız ünvan
form-note = Müraciət ilə əlaqəli əlavə qeyd
form-note-count = { $count } / { $max }
form-yes = Bəli
form-no = Xeyr
form-keyboard-hide = Klaviaturanı gizlət
review-address-same = Şəxsiyyət vəsiqəsi ilə eynidir
review-not-given = Göstərilməyib
review-edit = Dəyiş
review-send = MƏLUMATLARI GÖNDƏR
review-sending = Göndərilir…
review-other-dates = Başqa gün seçin:
review-choose-another-date = Başqa gün seçin

## The citizen's applications (crates/app CitizenError)
citizen-card-needed = Müraciətlərinizi görmək üçün şəxsiyyət vəsiqənizi oxuyucuya daxil edin.
citizen-not-found = Bu müraciət tapılmadı. Zəhmət olmasa siyahıya qayıdın.
citizen-mismatch = Server bu vəsiqənin müraciət sahibinə aid olduğunu təsdiq edə bilmədi. Zəhmət olmasa qəbul işçisinə müraciət edin.
citizen-not-cancellable = Bu müraciəti artıq ləğv etmək mümkün deyil: o bağlanıb və ya qəbul günü keçib.
citizen-already-printing = Bildiriş artıq çap olunur. Bir az gözləyin.
citizen-print-elsewhere = Bu müraciət başqa kioskda edilib; onun bildirişini qəbul işçisi çap edə bilər.
citizen-failed = Kioskda texniki xəta baş verdi. Zəhmət olmasa qəbul işçisinə müraciət edin.
checkin-barcode-unreadable = Bu, qəbul bildirişinin barkodu deyil. Bildirişin barkodunu yenidən oxudun və ya qəbul işçisinə müraciət edin.

## The citizen's applications: screens (ui/src/screens/History, Application, CheckIn)
history-title = Müraciətlərim
application-title = Müraciət
checkin-title = Qəbula gəliş

## Check-in screen (ui/src/screens/CheckIn.svelte)
checkin-checked-in = Gəlişiniz qeydə alındı
checkin-already-checked-in = Gəlişiniz artıq qeydə alınıb
checkin-other-day = Qəbulunuz bu gün deyil, { $date } tarixindədir
checkin-not-today = Qəbulunuz bu gün deyil
checkin-cancelled = Bu müraciət ləğv edilib
checkin-unknown = Bu barkodla müraciət tapılmadı
checkin-ask-receptionist = Zəhmət olmasa qəbul işçisinə müraciət edin.
checkin-unverified = Bu bildirişi indi yoxlamaq mümkün deyil
checkin-show-receptionist = Zəhmət olmasa bildirişi qəbul işçisinə göstərin.
checkin-room = Gedəcəyiniz yer: { $room }
checkin-place = Bugünkü növbədə sıranız: { $place }
checkin-queued = Gəlişiniz bu kioskda qeydə alındı; əlaqə bərpa olunanda serverə çatacaq.
checkin-number = Müraciətin nömrəsi
checkin-date = Qəbula yazılma tarixi
checkin-my-applications = Müraciətlərim
checkin-book-another = Başqa qəbula yazılın

## Application screen (ui/src/screens/Application.svelte, seed Şəkil 9)
application-number = Müraciət №
application-status = Statusu
application-status-booked = Qəbula yazılıb
application-status-in-review = Baxılır
application-status-closed = Bağlanıb
application-status-cancelled = Ləğv edilib
application-status-cancelling = Ləğv edilir
application-status-cancelling-note = Ləğv etmə bağlantı bərpa olunanda təsdiqlənəcək.
application-official = Qəbul edəcək vəzifəli şəxs
application-room = Qəbul yeri
application-reception-date = Qəbula yazılma tarixi
application-applied-at = Müraciət tarixi
application-details = Müraciətin məlumatları
application-citizen-name = Soyadı, adı və atasının adı
application-document = Sənədin nömrəsi
application-birth-date = Təvəllüdü
application-topic = Müraciətin mövzusu
application-social-status = Sosial vəziyyəti
application-privilege = İmtiyazı
application-phone = Telefon
application-email = E-poçt
application-workplace = İş yeri
application-position = Vəzifəsi
application-address = Yaşadığı ünvan
application-note = Əlavə qeyd
application-timeline = Tarixçə
application-event-applied = Qəbula yazılmaq üçün müraciət edildi
application-event-printed = Bildiriş çap edildi
application-event-status-changed = Statusu dəyişdi: { $status }
application-event-reply = İcra hakimiyyətinin cavabı
application-event-comment = Şərh
application-event-comment-yours = Sizin fikriniz
application-event-cancelled = Müraciət ləğv edildi
application-event-arrived = Qəbula gəlişiniz qeydə alındı
application-not-sent = Hələ serverə göndərilməyib
application-refused = Server qəbul etmədi
application-comment = Müraciət ilə əlaqəli fikirləriniz
application-comment-send = Göndər
application-comment-sending = Göndərilir…
application-comment-sent = Fikriniz göndərildi.
application-comment-queued = Fikriniz saxlanıldı; bağlantı bərpa olunanda göndəriləcək.
application-comment-closed = Bu müraciətə artıq fikir yazmaq mümkün deyil.
application-print = Çap et
application-printing = Bildirişiniz çap olunur: onu aşağıdan, printerdən götürün.
application-print-receptionist = Bu müraciətin bildirişini qəbul işçisi çap edə bilər.
application-cancel = Ləğv et
application-cancel-question = { $official } ilə { $date } tarixinə olan qəbulunuzu ləğv etmək istəyirsiniz?
application-cancel-yes = Bəli, ləğv et
application-cancel-no = Xeyr, saxla
application-cancel-busy = Ləğv edilir…
application-cancel-done = Qəbulunuz ləğv edildi.
application-cancel-queued = Ləğv etmə saxlanıldı; bağlantı bərpa olunanda təsdiqlənəcək.
application-loading = Müraciət yüklənir…
application-back = Əvvələ qayıt

## History screen (ui/src/screens/History.svelte, ui/src/lib/history/; seed Şəkil 8 and 10).
## The tabs are on the officials screen too. $date: the date searched, as Rust wrote it out.
history-tabs = Bölmələr
history-tab-book = Qəbula yazılmaq
history-tab-mine = Müraciətlərim
history-loading = Müraciətləriniz yüklənir…
history-date = Qəbul tarixi
history-date-hint = Məsələn: 3-4-2015, 03.04.2015, aprel 2015
history-date-searched = { $date } üçün müraciətlər
history-official = Vəzifəli şəxs
history-status = Statusu
history-status-all = Bütün müraciətlər
history-search = AXTAR
history-clear = Təmizlə
history-applied-at = Müraciət tarixi
history-reception-date = Qəbula yazılma tarixi
history-state-booked = Qəbula yazılıb
history-state-in-review = Baxılır
history-state-closed = Bağlanıb
history-state-cancelled = Ləğv edilib
history-state-cancelling = Ləğv edilir
history-not-sent = Serverə hələ göndərilməyib
history-checked-in = Gəlişiniz qeydə alınıb
history-offline = Serverlə əlaqə yoxdur. Yalnız bu kioskda etdiyiniz müraciətlər göstərilir, siyahı tam olmaya bilər.
history-none = Hələ heç bir müraciətiniz yoxdur.
history-no-match = Bu axtarışa uyğun müraciət tapılmadı.
history-clear-search = Axtarışı təmizlə
history-page = Səhifə { $page } / { $pages }
history-previous = Əvvəlki
history-next = Növbəti

# Large text and contrast
# The access bar in the header (ui/src/AccessBar.svelte): three toggles, an icon and a word each.
access-bar = Əlçatanlıq
access-bar-speech = Səsləndirmə
access-bar-large-text = Böyük yazı
access-bar-high-contrast = Kontrast

# Speech and the keypad
# Speech mode (ui/src/lib/access/, ui/src/Access.svelte, ui/src/Countdown.svelte): what the kiosk
# says aloud besides the texts on screen. Rust speaks them in the session's language and reads
# "3 / 12" as "3 of 12", dates, numbers and masked characters itself.
speech-help = Ekrandakı elementlər arasında keçmək üçün yuxarı və ya aşağı ox düyməsini basın. Eşitdiyiniz elementi seçmək üçün dairəvi seçim düyməsini basın. Geri düyməsi əvvəlki ekrana qaytarır, sual işarəsi olan düymə isə bu ekranı və bu izahı təkrarlayır. Səsi artı və mənfi düymələri ilə artırıb azalda bilərsiniz. Ekrana toxunmaq da olar: birinci toxunuş elementi səsləndirir, ikinci toxunuş isə onu seçir.
speech-role-button = düymə
speech-role-link = keçid
speech-role-field = mətn sahəsi
speech-role-tab = bölmə
speech-role-choice = seçim variantı
speech-role-checkbox = işarə xanası
speech-role-switch = keçirici
speech-role-key = klaviş
speech-state-selected = seçilib
speech-state-not-selected = seçilməyib
speech-state-checked = işarələnib
speech-state-not-checked = işarələnməyib
speech-state-on = qoşulub
speech-state-off = söndürülüb
speech-state-unavailable = aktiv deyil
speech-state-empty = boş
speech-state-invalid = xəta var
speech-char-hyphen = defis
speech-char-dot = nöqtə
speech-char-comma = vergül
speech-char-slash = çəp xətt
speech-char-quote = dırnaq işarəsi
speech-char-at = et işarəsi
speech-char-underscore = alt xətt
speech-char-plus = artı
speech-unavailable = Bu element hazırda aktiv deyil.
speech-no-back = Bu, ilk ekrandır: geri qayıtmaq mümkün deyil.
speech-countdown = Sessiyanız { $seconds } saniyədən sonra bitəcək.
speech-more-time = Əlavə vaxt üçün seçim düyməsini basın və ya ekrana toxunun.
speech-volume = Səsin səviyyəsi: { $volume } / { $max }
speech-notice = Müraciətin nömrəsi: { $number }. Qəbul edəcək vəzifəli şəxs: { $official }. Qəbul vaxtı: { $when }.
speech-notice-room = Qəbul yeri: { $room }.

# Staff screen (the receptionist's screen; ui/src/staff/)
staff-pin-title = Əməkdaşın PIN kodu
staff-pin-entered = Daxil edilən rəqəmlər: { $count }
staff-pin-erase = Sil
staff-pin-cancel = İmtina
staff-pin-enter = Daxil ol
staff-pin-wrong-left = PIN kod yanlışdır. Qalan cəhdlərin sayı: { $left }.
staff-locked = Çox sayda yanlış PIN kod daxil edilib. { $seconds } saniyədən sonra yenidən cəhd edin.
staff-title = Əməkdaş: { $who }
staff-change-pin = PIN kodu dəyişmək
staff-close = Bağla
staff-tabs = Əməkdaşın bölmələri
staff-tab-reprint = Yenidən çap
staff-tab-verify = Yoxlama
staff-tab-day = Günün siyahısı
staff-tab-unsent = Göndərilməmiş
staff-tab-printer = Printer
staff-tab-kiosk = Kiosk
staff-loading = Yüklənir…
staff-search = Axtar
staff-keyboard = Klaviatura
staff-clear = Təmizlə
staff-none = Yoxdur
staff-reprint-query = Ştrix-kodu skan edin və ya nömrə, ad, tarix daxil edin
staff-reprint-none = Heç nə tapılmadı.
staff-col-number = Nömrə
staff-col-citizen = Vətəndaş
staff-col-official = Vəzifəli şəxs
staff-col-date = Qəbul tarixi
staff-col-status = Vəziyyət
staff-col-printed = Çap sayı
staff-reprint = Yenidən çap et
staff-preview = Bax
staff-reprint-queued = Təkrar çap növbəyə qoyuldu: { $number }.
staff-job-waiting = Çap gözlənilir…
staff-job-printed = Çap olundu.
staff-job-failed = Çap alınmadı: { $reason }
staff-verify-query = Bildirişin QR kodunu skan edin
staff-verify = Yoxla
staff-verdict-genuine = Həqiqidir: bu qurum tərəfindən verilib
staff-verdict-forged = Saxtadır: imza uyğun gəlmir
staff-verdict-unreadable = Oxunmur: bu, bildirişin kodu deyil
staff-verdict-unknown-kiosk = Bu qurum tərəfindən verilməyib
staff-verify-kiosk = Kiosk
staff-verify-number = Nömrə
staff-verify-official = Vəzifəli şəxs
staff-verify-date = Qəbul tarixi
staff-verify-issued = Verilmə vaxtı
staff-verify-reason = Səbəb
staff-day-today = Bu gün
staff-day-tomorrow = Sabah
staff-day-date = Qəbul tarixi: { $date }
staff-day-checked-in = Gəlib
staff-day-cancelled = Ləğv edilib
staff-day-waiting = Gözlənilir
staff-day-none = Bu günə qəbul yoxdur.
staff-unsent-title = Serverə göndərilməmiş
staff-unsent-none = Göndərilməmiş heç nə yoxdur.
staff-unsent-booking = Müraciət
staff-unsent-comment = Şərh
staff-unsent-cancellation = Ləğvetmə
staff-unsent-check-in = Gəlişin qeydi
staff-unsent-since = Nə vaxtdan
staff-unsent-attempts = Cəhdlər
staff-unsent-error = Son xəta
staff-sync-now = İndi göndər
staff-sync-asked = Göndərmə başladıldı.
staff-refused-title = Serverin rədd etdikləri
staff-refused-none = Rədd edilmiş heç nə yoxdur.
staff-refused-at = Rədd edilib
staff-refused-reason = Serverin səbəbi
staff-resolve = Həll edilib kimi qeyd et
staff-resolve-note = Necə həll edildiyini yazın
staff-resolve-save = Yadda saxla
staff-resolved = Qeyd yadda saxlanıldı.
staff-printer-state = Printerin vəziyyəti
staff-printer-unknown = Vəziyyət məlum deyil
staff-printer-failed = Çap olunmamış bildirişlər
staff-printer-none-failed = Çap olunmamış bildiriş yoxdur.
staff-test-page = Sınaq səhifəsini çap et
staff-test-page-sent = Sınaq səhifəsi çapa göndərildi.
staff-preview-title = Bildirişə baxış
staff-preview-hint = Bildirişə baxmaq üçün onu axtarın.
staff-preview-alt = { $number } nömrəli bildiriş, çap olunacağı kimi
staff-kiosk-enrolled = Qeydiyyat
staff-kiosk-enrolled-yes = Qeydiyyatdan keçib
staff-kiosk-enrolled-no = Qeydiyyatdan keçməyib
staff-kiosk-id = Kioskun identifikatoru
staff-kiosk-server = Server
staff-kiosk-catalog = Kataloqun versiyası
staff-kiosk-signature = Kataloqun imzası
staff-kiosk-signature-ok = Düzgündür
staff-kiosk-signature-bad = Yoxlanılmadı
staff-kiosk-leases = Ayrılmış yerlər
staff-lease-places = Yerlər
staff-lease-used = İstifadə olunub
staff-lease-until = Qüvvədədir
staff-kiosk-numbers-left = Blokda qalan nömrələr
staff-kiosk-disk-free = Diskdə boş yer
staff-kiosk-database = Verilənlər bazasının ölçüsü
staff-kiosk-version = Versiya
staff-pin-old = Köhnə PIN kod
staff-pin-new = Yeni PIN kod
staff-pin-again = Yeni PIN kod təkrar
staff-pin-mismatch = Yeni PIN kodlar eyni deyil.
staff-pin-changed = PIN kod dəyişdirildi.
staff-pin-save = Dəyiş
staff-cancel = İmtina
error-staff-closed = Əməkdaş ekranı bağlıdır. PIN kodu yenidən daxil edin.
error-staff-pin-wrong = PIN kod yanlışdır.
error-staff-locked-out = Çox sayda yanlış PIN kod daxil edilib. Bir az sonra yenidən cəhd edin.
error-staff-pin-invalid = PIN kod 4–8 rəqəmdən ibarət olmalıdır.
error-staff-note-invalid = Qeyd 1–500 simvoldan ibarət olmalıdır.
error-staff-not-found = Belə müraciət və ya çap işi tapılmadı.
