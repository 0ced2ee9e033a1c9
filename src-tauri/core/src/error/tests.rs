use super::*;

#[test]
fn kinds_serialize_to_their_stable_names() {
    for kind in [
        ErrorKind::NotFound,
        ErrorKind::InvalidInput,
        ErrorKind::TooLarge,
        ErrorKind::Unsupported,
        ErrorKind::Storage,
        ErrorKind::CorruptLibrary,
        ErrorKind::NewerLibrary,
        ErrorKind::Io,
        ErrorKind::Cancelled,
        ErrorKind::NotAllowed,
    ] {
        assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::from(kind.as_str()));
    }
    let err = Error::not_found("no article called x");
    assert_eq!(serde_json::to_string(&err).unwrap(), r#"{"kind":"not_found","message":"no article called x"}"#);
}

#[test]
fn io_errors_name_the_path() {
    let err = Error::io(Path::new("/tmp/nope.md"), &std::io::Error::from(std::io::ErrorKind::NotFound));
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.message, "/tmp/nope.md: no such file or folder");
}
