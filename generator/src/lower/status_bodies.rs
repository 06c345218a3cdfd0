//! Success statuses with different bodies: an operation whose `2XX`
//! responses declare more than one body answers an enum of them, one
//! variant per distinct body, chosen by the status; one shared body stays
//! the plain type.

use crate::ir::{Docs, ResponseBody, StatusBodies, StatusVariant, SuccessStatus, Ty, WholeBody};
use crate::naming::{Scope, type_ident};

/// One success response as declared.
pub struct Success {
    /// Its status.
    pub status: SuccessStatus,
    /// Exact codes before the range (see `class_of`).
    pub rank: u16,
    /// Its body, `None` when it declares none.
    pub body: Option<ResponseBody>,
    /// Its `description`.
    pub description: String,
}

/// What an operation with these successes answers: the one body they
/// share, or an enum of their bodies (named later, with the builders); and
/// a warning when a stream shadows other bodies.
///
/// A stream is read the same whatever the success status, so when one
/// success streams, the operation answers the first (by status) stream,
/// and the other successes' bodies are not decoded: the warning names them.
pub fn body(mut successes: Vec<Success>) -> (Option<ResponseBody>, Option<String>) {
    successes.sort_by_key(|s| s.rank);
    if let Some(stream) =
        (successes.iter()).find(|s| s.body.as_ref().is_some_and(ResponseBody::is_stream))
    {
        let shadowed: Vec<String> = (successes.iter())
            .filter(|s| s.body.is_some() && s.body != stream.body)
            .map(|s| format!("`{}`", s.status.text()))
            .collect();
        let warning = (!shadowed.is_empty()).then(|| {
            format!(
                "the `{}` response streams, so every success is read as that stream: the bodies of {} are not decoded",
                stream.status.text(),
                shadowed.join(", ")
            )
        });
        return (stream.body.clone(), warning);
    }
    let mut groups: Vec<(Option<ResponseBody>, Vec<Success>)> = Vec::new();
    for success in successes {
        match groups.iter_mut().find(|(body, _)| *body == success.body) {
            Some((_, members)) => members.push(success),
            None => groups.push((success.body.clone(), vec![success])),
        }
    }
    if groups.len() < 2 {
        return (groups.pop().and_then(|(body, _)| body), None);
    }
    let mut names = Scope::default();
    let variants = groups
        .into_iter()
        .map(|(body, members)| StatusVariant {
            name: names.claim(variant_name(&members, body.as_ref())),
            statuses: members.iter().map(|s| s.status).collect(),
            docs: variant_docs(&members),
            body: body.and_then(WholeBody::of),
        })
        .collect();
    let by_status = ResponseBody::ByStatus(StatusBodies {
        name: String::new(),
        variants,
    });
    (Some(by_status), None)
}

/// The name of a status's own variant (`Created`), or, for a body several
/// statuses share, its named type's (else the first status's).
fn variant_name(members: &[Success], body: Option<&ResponseBody>) -> String {
    if let ([_, _, ..], Some(ResponseBody::Json(Ty::Named(name)))) = (members, body) {
        return type_ident(name);
    }
    members
        .first()
        .map_or_else(|| "Success".to_owned(), |s| status_name(s.status))
}

/// A status as a variant name: its reason phrase (RFC 9110 and the WebDAV
/// codes), `Status{code}` for others, `Success` for the `2XX` range.
pub fn status_name(status: SuccessStatus) -> String {
    let SuccessStatus::Code(code) = status else {
        return "Success".to_owned();
    };
    let name = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        other => return format!("Status{other}"),
    };
    name.to_owned()
}

/// Each response's description; with several statuses, each after its
/// code.
fn variant_docs(members: &[Success]) -> Docs {
    let description = match members {
        [one] => one.description.clone(),
        _ => members
            .iter()
            .map(|s| format!("`{}`: {}", s.status.text(), s.description.trim()))
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    Docs {
        summary: None,
        description: (!description.trim().is_empty()).then_some(description),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn success(status: SuccessStatus, rank: u16, body: Option<ResponseBody>) -> Success {
        Success {
            status,
            rank,
            body,
            description: format!("status {}", status.text()),
        }
    }

    fn json(name: &str) -> Option<ResponseBody> {
        Some(ResponseBody::Json(Ty::Named(name.to_owned())))
    }

    #[test]
    fn one_shared_body_stays_the_plain_type() {
        let body = body(vec![
            success(SuccessStatus::Code(200), 200, json("Thing")),
            success(SuccessStatus::Code(202), 202, json("Thing")),
        ]);
        assert_eq!(body, (json("Thing"), None));
    }

    #[test]
    fn a_stream_is_the_answer_and_names_the_bodies_it_shadows() {
        let events = Some(ResponseBody::Events(None));
        let (answer, warning) = body(vec![
            success(SuccessStatus::Code(202), 202, json("Job")),
            success(SuccessStatus::Code(200), 200, events.clone()),
            success(SuccessStatus::Code(204), 204, None),
        ]);
        assert_eq!(answer, events);
        assert_eq!(
            warning.as_deref(),
            Some(
                "the `200` response streams, so every success is read as that stream: the bodies of `202` are not decoded"
            )
        );
        // nothing else declared: nothing shadowed
        let (_, warning) = body(vec![success(SuccessStatus::Code(200), 200, events.clone())]);
        assert_eq!(warning, None);
    }

    #[test]
    fn different_bodies_make_one_variant_each_in_status_order() {
        let by_status = match body(vec![
            success(SuccessStatus::Range, 299, Some(ResponseBody::Text)),
            success(SuccessStatus::Code(207), 207, json("Report")),
            success(SuccessStatus::Code(204), 204, None),
            success(SuccessStatus::Code(201), 201, json("Thing")),
            success(SuccessStatus::Code(200), 200, json("Thing")),
        ]) {
            (Some(ResponseBody::ByStatus(by_status)), None) => Some(by_status),
            _ => None,
        }
        .expect("an enum");
        let names: Vec<&str> = by_status.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Thing", "NoContent", "MultiStatus", "Success"]);
        let thing = &by_status.variants[0];
        assert_eq!(
            thing.statuses,
            [SuccessStatus::Code(200), SuccessStatus::Code(201)]
        );
        assert_eq!(
            thing.docs.description.as_deref(),
            Some("`200`: status 200\n\n`201`: status 201")
        );
        assert_eq!(by_status.variants[1].body, None);
        assert_eq!(by_status.variants[3].reply_status(&by_status.variants), 202);
    }

    #[test]
    fn statuses_are_named_by_their_reason() {
        assert_eq!(status_name(SuccessStatus::Code(207)), "MultiStatus");
        assert_eq!(status_name(SuccessStatus::Code(299)), "Status299");
        assert_eq!(status_name(SuccessStatus::Range), "Success");
    }
}
