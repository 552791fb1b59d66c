//! A citizen's booking as the store's tests and benches make it: every personal field filled in
//! (a booking row of realistic size), the citizen told apart by FİN.
use chrono::NaiveDate;
use qebul_store::BookingRequest;

pub fn booking_request(fin: &str, official: &str, day: NaiveDate) -> BookingRequest {
    BookingRequest {
        language: qebul_core::Lang::Az,
        document_kind: qebul_core::DocumentKind::IdCard,
        official_id: official.into(),
        reception_date: day,
        citizen_fin: fin.into(),
        citizen_name: "Əliyev Əli Vəli oğlu".into(),
        document_number: "AA1234567".into(),
        birth_date: NaiveDate::from_ymd_opt(1980, 5, 17),
        phone: "+994501234567".into(),
        email: Some("ali@example.az".into()),
        workplace: "Bakı Metropoliteni".into(),
        position: "Mühəndis".into(),
        address: "Bakı şəhəri, Nizami küçəsi 10".into(),
        note: "Mənzil növbəsi".into(),
        topic_id: "topic-housing".into(),
        social_status_id: "status-worker".into(),
        privilege_id: None,
    }
}
