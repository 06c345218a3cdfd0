//! The code examples of the crate docs, written for whatever operations the
//! document has and compiled as doctests (`no_run`: they would call the
//! API): a quick start, paging, matching errors, hooks and per-request
//! settings, and a test with the mock.

use crate::ir::{Api, Operation, ResponseBody, Ty, TypeKind};

/// Operations an example can call: no required body, and a value for every
/// required parameter.
pub(super) fn simple_operations<'a>(
    api: &'a Api,
    krate: &'a str,
) -> impl Iterator<Item = &'a Operation> {
    api.operations
        .iter()
        .filter(|op| op.body.as_ref().is_none_or(|b| !b.required))
        .filter(move |op| {
            op.params
                .iter()
                .filter(|p| p.required)
                .all(|p| example_value(api, &p.ty, &p.name, krate).is_some())
        })
}

/// Build a client, call the first few operations.
pub(super) fn quick_start(api: &Api, krate: &str) -> String {
    let mut code = String::new();
    code.push_str(&format!("# use {krate}::{{Client, Error}};\n"));
    code.push_str("# async fn example() -> Result<(), Error> {\n");
    code.push_str("let client = Client::builder()\n");
    if let Some(server) = api.servers.first() {
        code.push_str(&format!(
            "    .base_url({krate}::Server::{})\n",
            server.variant
        ));
    } else {
        code.push_str("    .base_url(\"https://api.example.com\")\n");
    }
    code.push_str(&super::auth::example_calls(
        api,
        krate,
        simple_operations(api, krate).take(3),
    ));
    code.push_str("    .build()?;\n");
    for op in simple_operations(api, krate).take(3) {
        code.push_str(&format!(
            "let response = client.{}.send().await?;\n",
            call(api, op, krate)
        ));
        code.push_str("println!(\"{response:?}\");\n");
    }
    code.push_str("# Ok(())\n# }\n");
    code
}

/// Hooks, `customize` and `.with_response()` (with the declared headers,
/// when it has any) on the first operation that
/// takes no body and only required parameters the example can fill.
pub(super) fn control_example(api: &Api, krate: &str) -> Option<String> {
    let op = simple_operations(api, krate).next()?;
    let mut code = format!(
        "# use std::time::Duration;\n# use {krate}::{{Client, Error, RetryPolicy}};\n\
         # async fn example() -> Result<(), Error> {{\n"
    );
    code.push_str("let client = Client::builder()\n");
    code.push_str("    .base_url(\"https://api.example.com\")\n");
    code.push_str(
        "    .before_attempt(|request| request.set_header(\"X-Trace-Id\", \"trace-1\"))\n",
    );
    code.push_str(concat!(
        "    .after_attempt(|attempt| println!(\"{} attempt {}: {:?} in {:?}\",\n",
        "        attempt.operation(), attempt.number(), attempt.status(), attempt.elapsed()))\n",
    ));
    code.push_str("    .operation_timeout(Duration::from_secs(60))\n");
    code.push_str("    .build()?;\n");
    code.push_str(&format!(
        "let response = client\n    .{}\n",
        call(api, op, krate)
    ));
    code.push_str(concat!(
        "    .customize(|o| o\n",
        "        .timeout(Duration::from_secs(5))\n",
        "        .retry_policy(RetryPolicy::builder().max_retries(1).build())\n",
        "        .header(\"X-Request-Tag\", \"nightly\"))\n",
        "    .send()\n",
        "    .with_response()\n",
        "    .await?;\n",
        "println!(\"{} {:?}: {:?}\", response.status(), response.request_id(), response.body());\n",
    ));
    if op.response_headers.is_some() {
        code.push_str(
            "// the headers the description declares, typed
",
        );
        code.push_str(
            "let declared = response.declared_headers();
",
        );
        code.push_str(
            "println!(\"{declared:?}\");
",
        );
    }
    code.push_str("# Ok(())\n# }\n");
    Some(code)
}

fn example_args(api: &Api, op: &Operation, krate: &str) -> String {
    op.params
        .iter()
        .filter(|p| p.required)
        .filter_map(|p| example_value(api, &p.ty, &p.name, krate))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A literal of `ty` for the example, if there is a simple one.
fn example_value(api: &Api, ty: &Ty, name: &str, krate: &str) -> Option<String> {
    Some(match ty {
        Ty::String => format!("\"{}\"", name.trim_start_matches("r#")),
        Ty::Bool => "false".to_owned(),
        Ty::I32 | Ty::I64 | Ty::UnixTime(_) => "1".to_owned(),
        Ty::F32 | Ty::F64 => "1.0".to_owned(),
        Ty::Vec(_) => "Vec::new()".to_owned(),
        Ty::Map(_) => "Default::default()".to_owned(),
        Ty::Json => "serde_json::Value::Null".to_owned(),
        Ty::DateTime | Ty::Date | Ty::Boxed(_) | Ty::Custom(_) | Ty::File => return None,
        Ty::Named(type_name) => match &api.find_type(type_name)?.kind {
            TypeKind::StringEnum(e) => match e.variants.first() {
                Some(v) => format!("{krate}::models::{type_name}::{}", v.name),
                None => format!("{krate}::models::{type_name}::from(\"\")"),
            },
            // an alias is its own argument type, not `impl Into<String>`
            TypeKind::Alias(inner) => match example_value(api, inner, name, krate)? {
                text if text.ends_with('"') => format!("{text}.to_owned()"),
                value => value,
            },
            _ => return None,
        },
    })
}

/// `method(arguments)`: a call of `op` with made-up arguments.
fn call(api: &Api, op: &Operation, krate: &str) -> String {
    format!("{}({})", op.method_name, example_args(api, op, krate))
}

/// The first operation an example can call with made-up arguments.
fn first_simple<'a>(api: &'a Api, krate: &'a str) -> Option<&'a Operation> {
    simple_operations(api, krate).next()
}

/// `# use ...; # async fn example(client: Client) -> Result<(), Error> {`
fn opening(krate: &str, uses: &str) -> String {
    format!(
        "# use {krate}::{{Client, Error}};\n{uses}# async fn example(client: Client) -> Result<(), Error> {{\n"
    )
}

const CLOSING: &str = "# Ok(())\n# }\n";

/// Every item of every page, and page by page, of the first paginated
/// operation an example can call.
pub(super) fn paging_example(api: &Api, krate: &str) -> Option<String> {
    let op = simple_operations(api, krate).find(|op| op.pagination.is_some())?;
    let pagination = op.pagination.as_ref()?;
    let call = format!("client.{}", call(api, op, krate));
    let mut code = opening(krate, "use futures_util::StreamExt;\n");
    code.push_str(&format!("let mut items = {call}.into_stream();\n"));
    code.push_str("while let Some(item) = items.next().await {\n");
    code.push_str("    let item = item?; // an error ends the stream\n");
    code.push_str("    println!(\"{item:?}\");\n}\n");
    code.push_str(&format!("let mut pages = {call}.into_pages();\n"));
    code.push_str("while let Some(page) = pages.next().await {\n");
    code.push_str(&format!(
        "    println!(\"next: {{:?}}\", page?.{});\n}}\n",
        pagination.next_cursor_field
    ));
    code.push_str(CLOSING);
    Some(code)
}

/// Matching the errors of the first operation an example can call.
pub(super) fn errors_example(api: &Api, krate: &str) -> Option<String> {
    let op = first_simple(api, krate)?;
    let mut code = opening(krate, "");
    code.push_str(&format!(
        "match client.{}.send().await {{\n",
        call(api, op, krate)
    ));
    code.push_str(concat!(
        "    Ok(found) => println!(\"{found:?}\"),\n",
        "    Err(error) if error.is_not_found() => println!(\"not there\"),\n",
        "    Err(error) if error.is_rate_limited() => println!(\"again in {:?}\", error.retry_after()),\n",
        "    Err(Error::Api(api)) => println!(\"HTTP {} (request id {:?}): {:?}\", api.status(), api.request_id(), api.body()),\n",
        "    Err(error) => return Err(error),\n",
        "}\n",
    ));
    code.push_str(CLOSING);
    Some(code)
}

/// A test of code that calls the first operation with an example success
/// body, answered by the `test-util` mock.
pub(super) fn mock_example(api: &Api, krate: &str) -> Option<String> {
    let op = simple_operations(api, krate)
        .find(|op| op.example.is_some() && matches!(op.response, Some(ResponseBody::Json(_))))?;
    let method = &op.method_name;
    let mut code = String::from("# #[cfg(feature = \"test-util\")]\n# async fn example() {\n");
    code.push_str(&format!("use {krate}::mock::{{self, Mock}};\n\n"));
    code.push_str("let mock = Mock::new();\n");
    code.push_str(&format!(
        "let rule = mock.add(mock::{method}().ok(&mock::examples::{method}()));\n"
    ));
    code.push_str("// the code under test takes an ordinary Client\n");
    code.push_str(&format!(
        "let answer = mock.client().{}.send().await.expect(\"the example\");\n",
        call(api, op, krate)
    ));
    code.push_str("println!(\"{answer:?}\");\n");
    code.push_str("assert_eq!(rule.num_calls(), 1);\n");
    code.push_str("mock.assert_all_used();\n# }\n");
    Some(code)
}
