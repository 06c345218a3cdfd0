//! Success bodies by status on the wire: each status decodes into its own
//! variant with every field kept, the variant is chosen by the status and
//! never by the body's shape, statuses sharing one body give the plain
//! type, and a success the description does not declare is a decode error
//! naming the status.

#[allow(dead_code)] // each test file uses part of it
mod capture;

use capture::Capture;
use fixture_clients::status_bodies::models::{Association, Thing};
use fixture_clients::status_bodies::requests::{
    CreateAssociationsOutput, DeleteThingOutput, GetReportOutput,
};
use fixture_clients::status_bodies::{Client, Error};

const JSON: &str = "Content-Type: application/json";
const PARTIAL: &str = r#"{"associations": [{"id": "A1", "service": "S1"}], "errors": [{"service": "S2", "reason": "gone"}]}"#;

fn client(server: &Capture) -> Client {
    Client::builder()
        .base_url(server.base_url.as_str())
        .no_retries()
        .build()
        .expect("a client")
}

async fn associate(status: u16, body: &'static str) -> Result<CreateAssociationsOutput, Error> {
    let server = Capture::answering_status(status, &[JSON], body);
    client(&server)
        .create_associations("I1", vec!["S1".to_owned()])
        .send()
        .await
}

#[tokio::test]
async fn a_207_is_its_own_variant_with_every_field() {
    let output = associate(207, PARTIAL).await.expect("a success");
    let CreateAssociationsOutput::MultiStatus(partial) = output else {
        panic!("the 207 variant: {output:?}");
    };
    assert_eq!(
        partial.associations,
        [Association::new("A1".to_owned(), "S1".to_owned())]
    );
    assert_eq!(partial.errors.len(), 1);
    assert_eq!(partial.errors[0].service, "S2");
    assert_eq!(partial.errors[0].reason, "gone");
}

#[tokio::test]
async fn a_201_is_its_own_variant_with_its_declared_headers() {
    let server = Capture::answering_status(
        201,
        &[JSON, "Location: /associations/A1"],
        r#"{"id": "A1", "service": "S1"}"#,
    );
    let response = client(&server)
        .create_associations("I1", vec!["S1".to_owned()])
        .send()
        .with_response()
        .await
        .expect("a success");
    assert_eq!(response.status(), 201);
    let headers = response.declared_headers().expect("the declared headers");
    assert_eq!(headers.location, "/associations/A1");
    assert_eq!(
        response.into_body(),
        CreateAssociationsOutput::Created(Association::new("A1".to_owned(), "S1".to_owned()))
    );
}

#[tokio::test]
async fn the_status_chooses_never_the_shape() {
    // a 207 body under 201 is not taken for a 207: it is not an association
    let error = associate(201, PARTIAL).await.expect_err("a decode error");
    let Error::Decode(decode) = &error else {
        panic!("a decode error: {error:?}");
    };
    assert_eq!(error.status(), Some(201));
    assert!(
        decode.message().contains("missing field `id`"),
        "{decode:?}"
    );
}

#[tokio::test]
async fn an_undeclared_success_is_a_decode_error_naming_it() {
    let error = associate(200, r#"{"id": "A1", "service": "S1"}"#)
        .await
        .expect_err("a decode error");
    let Error::Decode(decode) = &error else {
        panic!("a decode error: {error:?}");
    };
    assert_eq!(error.status(), Some(200));
    assert!(
        decode
            .message()
            .contains("status 200 is not a success the API description declares (201, 207)"),
        "{}",
        decode.message()
    );
}

#[tokio::test]
async fn statuses_sharing_a_body_give_the_plain_type() {
    let server = Capture::answering_status(202, &[JSON], r#"{"id": "T1", "name": "soon"}"#);
    let thing: Thing = client(&server)
        .replace_thing("T1")
        .send()
        .await
        .expect("a success");
    assert_eq!(thing.id, "T1");
    assert_eq!(thing.name.as_deref(), Some("soon"));
    // two equal inline schemas are one type, too
    let server = Capture::answering_status(202, &[JSON], r#"{"id": "T1"}"#);
    let patched = client(&server)
        .patch_thing("T1")
        .send()
        .await
        .expect("a success");
    assert_eq!(patched.id.as_deref(), Some("T1"));
}

#[tokio::test]
async fn a_status_without_a_body_is_a_unit_variant() {
    let server = Capture::answering_status(204, &[], "");
    let output = client(&server).delete_thing("T1").send().await;
    assert_eq!(output.expect("a success"), DeleteThingOutput::NoContent);
    let server = Capture::answering_status(200, &[JSON], r#"{"id": "T1", "name": "last"}"#);
    let output = client(&server).delete_thing("T1").send().await;
    let DeleteThingOutput::Ok(thing) = output.expect("a success") else {
        panic!("the 200 variant");
    };
    assert_eq!(
        (thing.id.as_str(), thing.name.as_deref()),
        ("T1", Some("last"))
    );
}

async fn report(status: u16, headers: &[&str], body: &'static str) -> GetReportOutput {
    let server = Capture::answering_status(status, headers, body);
    client(&server)
        .get_report("R1")
        .send()
        .await
        .expect("a success")
}

#[tokio::test]
async fn text_json_and_the_2xx_range_each_decode_as_declared() {
    let GetReportOutput::Ok(finished) = report(200, &[JSON], r#"{"id": "R1", "rows": 7}"#).await
    else {
        panic!("the 200 variant");
    };
    assert_eq!((finished.id.as_str(), finished.rows), ("R1", 7));
    let queued = report(202, &["Content-Type: text/plain"], "queued, {not JSON}").await;
    assert_eq!(
        queued,
        GetReportOutput::Accepted("queued, {not JSON}".to_owned())
    );
    // any other success is the `2XX` range's body
    for status in [201, 203, 299] {
        let GetReportOutput::Success(progress) =
            report(status, &[JSON], r#"{"percent": 40, "eta_seconds": 9}"#).await
        else {
            panic!("the 2XX variant for {status}");
        };
        assert_eq!((progress.percent, progress.eta_seconds), (40, Some(9)));
    }
}
