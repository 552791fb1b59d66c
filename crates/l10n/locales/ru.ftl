### Qəbul Kiosk's texts, read by the UI (ui/src/lib/i18n.ts) and by the Rust side (crates/l10n).
### Every message is in az, ru and en; the ids and variables the Rust side uses are listed in
### crates/l10n/src/messages.rs, and crates/l10n/tests/messages.rs checks all three files.

## The UI

app-title = Электронная запись граждан на приём
welcome-title = Добро пожаловать!
welcome-subtitle = Запишитесь на приём к должностному лицу и распечатайте уведомление.
welcome-start = Записаться на приём
welcome-hint = Коснитесь кнопки, чтобы начать
lang-switch = Язык
officials-title = Должностные лица, к которым можно записаться на приём
officials-days = Дни приёма
officials-hours = Часы приёма
officials-loading = Загрузка списка…
back = Назад
retry = Повторить
error-catalog-unavailable = Нет связи с центральным сервером. Попробуйте чуть позже или обратитесь к сотруднику приёмной.
error-catalog-invalid = Не удалось прочитать расписание приёма. Пожалуйста, обратитесь к сотруднику приёмной.
error-print-queue = Не удалось прочитать очередь печати. Обратитесь, пожалуйста, к стойке приёма.
error-session = Не удалось выполнить действие с удостоверением. Обратитесь к стойке приёма.
error-unknown = Произошла непредвиденная ошибка. Пожалуйста, обратитесь к сотруднику приёмной.
sync-online = Онлайн · { $time }
sync-never = Онлайн
sync-offline = Без сети: записи сохраняются
sync-pending = { $count } к отправке
sync-refused = { $count } отклонено
sync-revoked = Сервер не принимает киоск
printer-ready = Принтер готов
printer-paper-near-end = В принтере заканчивается бумага
printer-paper-out = В принтере нет бумаги
printer-cover-open = Крышка принтера открыта
printer-offline = Принтер не на связи
printer-error = Ошибка принтера
printer-waiting = { $count } в очереди на печать
printer-failed = { $count } не напечатано
printer-retry = Напечатать снова
card-prompt = Вставьте удостоверение личности в считыватель
card-unreadable = Удостоверение не прочитано. Попробуйте ещё раз или обратитесь к стойке приёма.
card-document-expired = Срок действия документа истёк. Обратитесь, пожалуйста, к стойке приёма.
card-reader-lost = Считыватель удостоверений не работает. Обратитесь, пожалуйста, к стойке приёма.
card-present = Удостоверение обнаружено, но не прочитано. Поднесите его к считывателю документов.
session-greeting = Добро пожаловать, { $name }
session-finish = Завершить
session-countdown = Сеанс завершится через { $seconds } с
session-more-time = Мне нужно больше времени
session-from-card = Данные прочитаны с удостоверения
address-title = Введите и подтвердите адрес регистрации
address-confirm = Подтвердить
demo-title = Демо: вставьте удостоверение
demo-remove = Извлечь удостоверение
demo-card = Удостоверение { $number }

## Booking form errors (qebul-core validation codes, prefixed with "validation-")

validation-official-missing = Выберите должностное лицо, к которому хотите записаться.
validation-date-missing = Выберите день приёма.
validation-topic-missing = Выберите тему обращения.
validation-social-status-missing = Выберите ваш социальный статус.
validation-privilege-missing = Выберите льготу или «Льгот нет».
validation-email-missing = Укажите адрес электронной почты, например name@mail.az
validation-phone-missing = Укажите номер телефона, например 050 123 45 67
validation-workplace-missing = Укажите место работы.
validation-position-missing = Укажите вашу должность.
validation-address-missing = Укажите адрес проживания или отметьте «Совпадает с удостоверением личности».
validation-note-missing = Напишите примечание.
validation-comment-missing = Напишите ваш комментарий.
validation-official-unknown = Этого должностного лица нет в списке. Выберите снова из списка.
validation-topic-unknown = Такой темы обращения нет в списке. Выберите из списка.
validation-social-status-unknown = Такого социального статуса нет в списке. Выберите из списка.
validation-privilege-unknown = Такой льготы нет в списке. Выберите из списка или «Льгот нет».
validation-choice-unknown = Выберите из списка.
validation-date-invalid = Выберите день приёма из предложенных.
validation-date-not-offered = На выбранную дату приёма нет. Выберите один из предложенных дней.
validation-workplace-too-long =
    Место работы: не более { $max } { $max ->
        [one] символа
       *[other] символов
    }, сейчас { $found }. Сократите, пожалуйста.
validation-position-too-long =
    Должность: не более { $max } { $max ->
        [one] символа
       *[other] символов
    }, сейчас { $found }. Сократите, пожалуйста.
validation-address-too-long =
    Адрес: не более { $max } { $max ->
        [one] символа
       *[other] символов
    }, сейчас { $found }. Сократите, пожалуйста.
validation-note-too-long =
    Примечание: не более { $max } { $max ->
        [one] символа
       *[other] символов
    }, сейчас { $found }. Сократите, пожалуйста.
validation-comment-too-long =
    Комментарий: не более { $max } { $max ->
        [one] символа
       *[other] символов
    }, сейчас { $found }. Сократите, пожалуйста.
validation-text-too-long =
    Текст: не более { $max } { $max ->
        [one] символа
       *[other] символов
    }, сейчас { $found }. Сократите, пожалуйста.
validation-email-invalid = Проверьте адрес электронной почты, например name@mail.az
validation-email-non-ascii-domain = Часть адреса электронной почты после @ пишется только латинскими буквами, без ə, ı, ş, ç, ğ, ö, ü, например name@mail.az
validation-phone-invalid-character = Введите номер телефона только цифрами, например 050 123 45 67
validation-phone-not-e164 = Введите номер телефона только цифрами, например 050 123 45 67
validation-phone-too-short = Введите номер телефона полностью, например 050 123 45 67
validation-phone-too-long = В номере телефона лишние цифры. Проверьте, например 050 123 45 67
validation-phone-unknown-code = Код 0{ $code } неизвестен. Проверьте код оператора или города, например 050 или 012
validation-phone-foreign-invalid = Введите иностранный номер полностью, с кодом страны, например +7 912 345 67 89

## Booking refusals (qebul-core's policy, qebul-store's book(); codes prefixed with "booking-")

booking-limit-reached =
    { $count ->
        [0] Записаться к этому должностному лицу сейчас нельзя.
        [1] Вы уже записаны к этому должностному лицу на { $dates }. Записаться снова можно после этого приёма.
       *[other] Вы уже записаны к этому должностному лицу на { $dates }, это предел. Записаться снова можно после этих приёмов.
    }
booking-no-lease = Киоск сейчас не может записать на этот день: нет связи с сервером. Выберите другую дату или обратитесь к сотруднику.
booking-no-place-left = В этом киоске на этот день мест нет. Выберите другую дату или обратитесь к сотруднику.
booking-no-numbers-left = Этот киоск сейчас не может принять новое обращение. Пожалуйста, обратитесь к сотруднику.
booking-store-error = Произошла техническая ошибка. Пожалуйста, обратитесь к сотруднику.

## The history search (qebul-core's SearchError codes prefixed with "search-", StatusFilter codes
## prefixed with "status-"). $input: what was typed; $days: the days of that month.

search-not-a-date = «{ $input }» — это не дата. Напишите дату так: 03.04.2015, 3 апреля 2015, апрель 2015 или 2015.
search-no-such-month = «{ $input }»: месяца { $month } нет, месяц — от 1 до 12 (день пишется первым: 03.04.2015).
search-no-such-day =
    «{ $input }»: такой даты нет, в этом месяце { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    }.
search-year-out-of-range = «{ $input }»: год должен быть от 1900 до 2199.
search-unknown-status = «{ $input }» — неизвестный статус: выберите активные, закрытые или отменённые обращения.
status-active = Активные обращения
status-closed = Закрытые обращения
status-cancelled = Отменённые обращения

## Reception-rule phrases that could not be read (qebul-core's RulePhraseError codes prefixed with
## "rule-phrase-"), for the operator importing a catalog. $phrase: the whole rule as written.

rule-phrase-empty = Правило приёма пустое: укажите дни и часы приёма, например «birinci günlər Saat: 10:00-dan».
rule-phrase-no-days = В правиле «{ $phrase }» нет дней приёма: перед часами укажите, например, «birinci günlər» или «həftənin bütün iş günləri».
rule-phrase-unknown-day = В правиле «{ $phrase }» «{ $word }» не распознано как день приёма: пишите «birinci» … «yeddinci» (понедельник … воскресенье) или «həftənin bütün iş günləri».
rule-phrase-repeated-day = В правиле «{ $phrase }» день «{ $word }» указан дважды.
rule-phrase-no-hours = В правиле «{ $phrase }» нет часов приёма: после дней укажите, например, «Saat: 10:00-dan» или «Saat: bütün iş saatı».
rule-phrase-unknown-hours = В правиле «{ $phrase }» «{ $text }» не распознано как часы приёма: пишите «10:00-dan», «10:00-dan 13:00-dək» или «bütün iş saatı».
rule-phrase-bad-time = В правиле «{ $phrase }» «{ $text }» — неверное время: пишите ЧЧ:ММ от 00:00 до 23:59, например «10:00-dan».
rule-phrase-ends-before-start = В правиле «{ $phrase }» время окончания приёма ({ $end }) должно быть позже времени начала ({ $start }).
rule-phrase-unexpected = В правиле «{ $phrase }» непонятно «{ $text }»: правило должно заканчиваться часами приёма.

## The printed notice (qebul-notice): the line under the Azerbaijani label.

notice-service = ЭЛЕКТРОННЫЙ ПРИЁМ ГРАЖДАН
notice-number = УВЕДОМЛЕНИЕ №
notice-application-number = ОБРАЩЕНИЕ №
notice-official = Принимающее должностное лицо:
notice-reception = Дата и время приёма:
notice-citizen = Фамилия, имя и отчество гражданина:
notice-document-type = Вид документа:
notice-document-number = Номер документа:
notice-created = Дата обращения:
notice-printed = Дата печати:
notice-date-of-birth = Дата рождения:
notice-social-status = Социальное положение:
notice-privilege = Льгота:
notice-topic = Тема обращения:
notice-registered-address = Адрес регистрации:
notice-home-address = Адрес проживания:
notice-workplace = Место работы:
notice-contact = Контакты:
notice-citizen-note = Примечание гражданина:
notice-timeline = История
notice-details = Подробно
notice-reprint = ПОВТОРНАЯ ПЕЧАТЬ
notice-test = ТЕСТОВАЯ ПЕЧАТЬ
notice-seal = Для проверки подлинности уведомления
# ui skeleton
start-over = Начать заново
error-address-empty = Пожалуйста, введите адрес.
error-address-too-long = Адрес слишком длинный. Пожалуйста, сократите его.
ended-card-removed = Удостоверение извлечено, ваш сеанс завершён.
ended-finished = Ваш сеанс завершён.
ended-idle = Сеанс завершён, так как к экрану долго не прикасались.
ended-new-card = Вставлено новое удостоверение, предыдущий сеанс завершён.
document-id-card = Удостоверение личности
document-passport = Паспорт
sync-unauthorized = Сервер не узнаёт киоск

# The booking form
booking-no-citizen = Ваш сеанс завершён. Пожалуйста, вставьте удостоверение ещё раз.
booking-address-not-confirmed = Пожалуйста, сначала подтвердите адрес регистрации.
booking-form-invalid = Пожалуйста, исправьте отмеченные поля.
booking-place-gone = Пока вы заполняли форму, последнее место на этот день заняли. Выберите другую дату: всё, что вы ввели, сохранено.
booking-server-policy = Вы уже записаны на приём к этому должностному лицу. Новая запись возможна после этого приёма или его отмены.
booking-server-refused = Сервер сейчас не принял это обращение. Выберите другую дату или обратитесь к сотруднику.
weekday-mon = Понедельник
weekday-tue = Вторник
weekday-wed = Среда
weekday-thu = Четверг
weekday-fri = Пятница
weekday-sat = Суббота
weekday-sun = Воскресенье

# on-screen keyboard
keyboard-name = Экранная клавиатура
keyboard-layouts = Язык клавиатуры
keyboard-layout-az = Азербайджанские буквы
keyboard-layout-ru = Русские буквы
keyboard-layout-en = Английские буквы
keyboard-backspace = Стереть символ слева
keyboard-shift = Заглавная буква
keyboard-space = Пробел
keyboard-left = Курсор влево
keyboard-right = Курсор вправо

# Booking screens: titles
booking-title = Дата приёма и тема обращения
details-title = Ваши контактные данные
review-title = Проверьте данные
sent-history = Мои обращения
sent-title = Ваше обращение отправлено

# Officials search, welcome animation and the sent screen
officials-search = Поиск по имени, фамилии или должности
officials-search-clear = Очистить
officials-search-none = По вашему запросу никого не найдено.
sent-number = Номер обращения
sent-printing = Уведомление печатается…
sent-printed = Возьмите уведомление из принтера
sent-kept = Ваше обращение сохранено под номером { $number }.
sent-not-printed = Уведомление не удалось напечатать: пожалуйста, покажите этот номер сотруднику приёмной.

# The booking form screens (Booking, Details, Review)
form-loading = Загрузка…
form-official = Принимающее должностное лицо
form-date = День приёма
form-topic = Тема обращения
form-social-status = Ваш социальный статус
form-privilege = Льготы
form-shortened = Сокращённый рабочий день
form-places-left =
    { $count ->
        [one] Осталось { $count } место
        [few] Осталось { $count } места
       *[other] Осталось { $count } мест
    }
form-date-online-only = Только онлайн
form-date-full = Мест нет
form-date-online-only-why = Киоск сейчас не подключён к серверу, и у него нет мест на этот день: записаться на него можно только онлайн. Выберите другой день.
form-date-full-why = На этот день мест не осталось. Выберите другой день.
form-no-dates = В ближайшие дни у этого должностного лица нет дней приёма.
form-next = Далее
form-from-card = Из вашего удостоверения
form-document = Документ
form-full-name = Фамилия, имя, отчество
form-registered-address = Адрес регистрации
form-email = Ваш e-mail
form-phone = Ваш телефон
form-workplace = Место работы
form-position = Должность
form-address-same = Я живу по адресу, указанному в удостоверении
form-address = Адрес, где вы живёте сейчас
form-note = Дополнительная заметка к обращению
form-note-count = { $count } / { $max }
form-yes = Да
form-no = Нет
form-keyboard-hide = Скрыть клавиатуру
review-address-same = Как в удостоверении
review-not-given = Не указано
review-edit = Изменить
review-send = ОТПРАВИТЬ ДАННЫЕ
review-sending = Отправка…
review-other-dates = Выберите другой день:
review-choose-another-date = Выбрать другой день

## The citizen's applications (crates/app CitizenError)
citizen-card-needed = Чтобы увидеть свои обращения, вставьте удостоверение личности в считыватель.
citizen-not-found = Это обращение не найдено. Вернитесь, пожалуйста, к списку.
citizen-mismatch = Сервер не смог подтвердить, что это удостоверение принадлежит заявителю. Обратитесь, пожалуйста, к сотруднику.
citizen-not-cancellable = Это обращение уже нельзя отменить: оно закрыто или день приёма прошёл.
citizen-already-printing = Извещение уже печатается. Подождите немного.
citizen-print-elsewhere = Это обращение подано в другом киоске; его извещение может распечатать сотрудник.
citizen-failed = В киоске произошла техническая ошибка. Обратитесь, пожалуйста, к сотруднику.
checkin-barcode-unreadable = Это не штрихкод извещения о приёме. Поднесите штрихкод извещения ещё раз или обратитесь к сотруднику.

## The citizen's applications: screens (ui/src/screens/History, Application, CheckIn)
history-title = Мои обращения
application-title = Обращение
checkin-title = Отметка о приходе

## Check-in screen (ui/src/screens/CheckIn.svelte)
checkin-checked-in = Ваш приход отмечен
checkin-already-checked-in = Ваш приход уже отмечен
checkin-other-day = Ваш приём не сегодня, а { $date }
checkin-not-today = Ваш приём не сегодня
checkin-cancelled = Это обращение отменено
checkin-unknown = Обращение с этим штрихкодом не найдено
checkin-ask-receptionist = Обратитесь, пожалуйста, к сотруднику.
checkin-unverified = Сейчас это извещение проверить нельзя
checkin-show-receptionist = Покажите, пожалуйста, извещение сотруднику.
checkin-room = Пройдите: { $room }
checkin-place = Ваш номер в сегодняшней очереди: { $place }
checkin-queued = Приход записан в этом киоске; он поступит на сервер, когда восстановится связь.
checkin-number = Номер обращения
checkin-date = Дата приёма
checkin-my-applications = Мои обращения
checkin-book-another = Записаться на другой приём

## Application screen (ui/src/screens/Application.svelte, seed Şəkil 9)
application-number = Обращение №
application-status = Статус
application-status-booked = Записан на приём
application-status-in-review = На рассмотрении
application-status-closed = Закрыто
application-status-cancelled = Отменено
application-status-cancelling = Отменяется
application-status-cancelling-note = Отмена будет подтверждена, когда восстановится связь.
application-official = Принимающее должностное лицо
application-room = Место приёма
application-reception-date = Дата приёма
application-applied-at = Дата обращения
application-details = Данные обращения
application-citizen-name = Фамилия, имя, отчество
application-document = Номер документа
application-birth-date = Дата рождения
application-topic = Тема обращения
application-social-status = Социальный статус
application-privilege = Льготы
application-phone = Телефон
application-email = Электронная почта
application-workplace = Место работы
application-position = Должность
application-address = Адрес проживания
application-note = Дополнительная заметка
application-timeline = История
application-event-applied = Подано обращение на приём
application-event-printed = Уведомление напечатано
application-event-status-changed = Статус изменён: { $status }
application-event-reply = Ответ исполнительной власти
application-event-comment = Комментарий
application-event-comment-yours = Ваш комментарий
application-event-cancelled = Обращение отменено
application-event-arrived = Ваш приход на приём отмечен
application-not-sent = Ещё не отправлено на сервер
application-refused = Отклонено сервером
application-comment = Ваши комментарии к обращению
application-comment-send = Отправить
application-comment-sending = Отправка…
application-comment-sent = Ваш комментарий отправлен.
application-comment-queued = Ваш комментарий сохранён; он будет отправлен, когда восстановится связь.
application-comment-closed = К этому обращению больше нельзя добавить комментарий.
application-print = Напечатать
application-printing = Уведомление печатается: возьмите его внизу, из принтера.
application-print-receptionist = Уведомление по этому обращению может напечатать сотрудник приёмной.
application-cancel = Отменить запись
application-cancel-question = Отменить вашу запись на приём { $date }? Должностное лицо: { $official }.
application-cancel-yes = Да, отменить
application-cancel-no = Нет, оставить
application-cancel-busy = Отмена…
application-cancel-done = Ваша запись на приём отменена.
application-cancel-queued = Отмена сохранена; она будет подтверждена, когда восстановится связь.
application-loading = Загрузка обращения…
application-back = Вернуться назад

## History screen (ui/src/screens/History.svelte, ui/src/lib/history/; seed Şəkil 8 and 10).
## The tabs are on the officials screen too. $date: the date searched, as Rust wrote it out.
history-tabs = Разделы
history-tab-book = Записаться на приём
history-tab-mine = Мои обращения
history-loading = Загрузка ваших обращений…
history-date = Дата приёма
history-date-hint = Например: 3-4-2015, 03.04.2015, апрель 2015
history-date-searched = Обращения за { $date }
history-official = Должностное лицо
history-status = Статус
history-status-all = Все обращения
history-search = НАЙТИ
history-clear = Очистить
history-applied-at = Дата обращения
history-reception-date = Дата приёма
history-state-booked = Записан на приём
history-state-in-review = На рассмотрении
history-state-closed = Закрыто
history-state-cancelled = Отменено
history-state-cancelling = Отменяется
history-not-sent = Ещё не отправлено на сервер
history-checked-in = Приход отмечен
history-offline = Нет связи с сервером. Показаны только обращения, сделанные в этом киоске; список может быть неполным.
history-none = У вас пока нет обращений.
history-no-match = Нет обращений, подходящих под этот поиск.
history-clear-search = Очистить поиск
history-page = Страница { $page } из { $pages }
history-previous = Предыдущая
history-next = Следующая

# Large text and contrast
# The access bar in the header (ui/src/AccessBar.svelte): three toggles, an icon and a word each.
access-bar = Специальные возможности
access-bar-speech = Озвучивание
access-bar-large-text = Крупный шрифт
access-bar-high-contrast = Контраст

# Speech and the keypad
# Speech mode (ui/src/lib/access/, ui/src/Access.svelte, ui/src/Countdown.svelte): what the kiosk
# says aloud besides the texts on screen. Rust speaks them in the session's language and reads
# "3 / 12" as "3 of 12", dates, numbers and masked characters itself.
speech-help = Чтобы переходить между элементами экрана, нажимайте стрелку вверх или вниз. Чтобы выбрать элемент, который вы слышите, нажмите круглую клавишу выбора. Клавиша «Назад» возвращает на предыдущий экран, а клавиша со знаком вопроса повторяет этот экран и эту подсказку. Громкость меняется клавишами «плюс» и «минус». Можно и касаться экрана: первое касание озвучивает элемент, второе выбирает его.
speech-role-button = кнопка
speech-role-link = ссылка
speech-role-field = текстовое поле
speech-role-tab = вкладка
speech-role-choice = вариант выбора
speech-role-checkbox = флажок
speech-role-switch = переключатель
speech-role-key = клавиша
speech-state-selected = выбрано
speech-state-not-selected = не выбрано
speech-state-checked = отмечено
speech-state-not-checked = не отмечено
speech-state-on = включено
speech-state-off = выключено
speech-state-unavailable = недоступно
speech-state-empty = пусто
speech-state-invalid = есть ошибка
speech-char-hyphen = дефис
speech-char-dot = точка
speech-char-comma = запятая
speech-char-slash = косая черта
speech-char-quote = кавычки
speech-char-at = собака
speech-char-underscore = нижнее подчёркивание
speech-char-plus = плюс
speech-unavailable = Этот элемент сейчас недоступен.
speech-no-back = Это первый экран: вернуться назад нельзя.
speech-countdown =
    Сеанс завершится через { $seconds } { $seconds ->
        [one] секунду
        [few] секунды
       *[other] секунд
    }.
speech-more-time = Чтобы получить больше времени, нажмите клавишу выбора или коснитесь экрана.
speech-volume = Громкость: { $volume } / { $max }
speech-notice = Номер обращения: { $number }. Принимающее должностное лицо: { $official }. Время приёма: { $when }.
speech-notice-room = Место приёма: { $room }.

# Staff screen (the receptionist's screen; ui/src/staff/)
staff-pin-title = PIN-код сотрудника
staff-pin-entered = Введено цифр: { $count }
staff-pin-erase = Стереть
staff-pin-cancel = Отмена
staff-pin-enter = Войти
staff-pin-wrong-left = Неверный PIN-код. Осталось попыток: { $left }.
staff-locked = Слишком много неверных PIN-кодов. Повторите через { $seconds } с.
staff-title = Сотрудник: { $who }
staff-change-pin = Сменить PIN-код
staff-close = Закрыть
staff-tabs = Разделы сотрудника
staff-tab-reprint = Повторная печать
staff-tab-verify = Проверка
staff-tab-day = Список дня
staff-tab-unsent = Не отправлено
staff-tab-printer = Принтер
staff-tab-kiosk = Киоск
staff-loading = Загрузка…
staff-search = Найти
staff-keyboard = Клавиатура
staff-clear = Очистить
staff-none = Нет
staff-reprint-query = Отсканируйте штрихкод или введите номер, фамилию, дату
staff-reprint-none = Ничего не найдено.
staff-col-number = Номер
staff-col-citizen = Гражданин
staff-col-official = Должностное лицо
staff-col-date = Дата приёма
staff-col-status = Статус
staff-col-printed = Напечатано раз
staff-reprint = Напечатать снова
staff-preview = Просмотр
staff-reprint-queued = Повторная печать поставлена в очередь: { $number }.
staff-job-waiting = Ожидает печати…
staff-job-printed = Напечатано.
staff-job-failed = Печать не удалась: { $reason }
staff-verify-query = Отсканируйте QR-код талона
staff-verify = Проверить
staff-verdict-genuine = Подлинный: выдан этим учреждением
staff-verdict-forged = Подделка: подпись не совпадает
staff-verdict-unreadable = Не читается: это не код талона
staff-verdict-unknown-kiosk = Выдан не этим учреждением
staff-verify-kiosk = Киоск
staff-verify-number = Номер
staff-verify-official = Должностное лицо
staff-verify-date = Дата приёма
staff-verify-issued = Время выдачи
staff-verify-reason = Причина
staff-day-today = Сегодня
staff-day-tomorrow = Завтра
staff-day-date = Дата приёма: { $date }
staff-day-checked-in = Пришёл
staff-day-cancelled = Отменено
staff-day-waiting = Ожидается
staff-day-none = На этот день записей нет.
staff-unsent-title = Не отправлено на сервер
staff-unsent-none = Всё отправлено.
staff-unsent-booking = Запись
staff-unsent-comment = Комментарий
staff-unsent-cancellation = Отмена записи
staff-unsent-check-in = Отметка о приходе
staff-unsent-since = С какого времени
staff-unsent-attempts = Попытки
staff-unsent-error = Последняя ошибка
staff-sync-now = Отправить сейчас
staff-sync-asked = Отправка начата.
staff-refused-title = Отклонено сервером
staff-refused-none = Отклонённого нет.
staff-refused-at = Отклонено
staff-refused-reason = Причина сервера
staff-resolve = Отметить как решённое
staff-resolve-note = Опишите, как это решено
staff-resolve-save = Сохранить
staff-resolved = Запись сохранена.
staff-printer-state = Состояние принтера
staff-printer-unknown = Состояние неизвестно
staff-printer-failed = Ненапечатанные талоны
staff-printer-none-failed = Ненапечатанных талонов нет.
staff-test-page = Напечатать пробную страницу
staff-test-page-sent = Пробная страница отправлена на печать.
staff-preview-title = Просмотр талона
staff-preview-hint = Чтобы посмотреть талон, найдите его.
staff-preview-alt = Талон номер { $number }, как он будет напечатан
staff-kiosk-enrolled = Регистрация
staff-kiosk-enrolled-yes = Зарегистрирован
staff-kiosk-enrolled-no = Не зарегистрирован
staff-kiosk-id = Идентификатор киоска
staff-kiosk-server = Сервер
staff-kiosk-catalog = Версия каталога
staff-kiosk-signature = Подпись каталога
staff-kiosk-signature-ok = Верна
staff-kiosk-signature-bad = Не проверена
staff-kiosk-leases = Выделенные места
staff-lease-places = Мест
staff-lease-used = Занято
staff-lease-until = Действует до
staff-kiosk-numbers-left = Осталось номеров в блоке
staff-kiosk-disk-free = Свободно на диске
staff-kiosk-database = Размер базы данных
staff-kiosk-version = Версия
staff-pin-old = Старый PIN-код
staff-pin-new = Новый PIN-код
staff-pin-again = Новый PIN-код ещё раз
staff-pin-mismatch = Новые PIN-коды не совпадают.
staff-pin-changed = PIN-код изменён.
staff-pin-save = Сменить
staff-cancel = Отмена
error-staff-closed = Экран сотрудника закрыт. Введите PIN-код снова.
error-staff-pin-wrong = Неверный PIN-код.
error-staff-locked-out = Слишком много неверных PIN-кодов. Повторите позже.
error-staff-pin-invalid = PIN-код должен состоять из 4–8 цифр.
error-staff-note-invalid = Заметка должна содержать от 1 до 500 символов.
error-staff-not-found = Такая запись или задание печати не найдены.
