//! The example bodies of Rutter's endpoint page (`../shared/seed/`) decode
//! with the types generated from Rutter's own 3.1 document and with the
//! types generated from our schema, to the same values, field for field.
//! Both documents live outside the repository: without them these tests
//! say in one line what they skip, and pass (unless `REQUIRE_SHARED_SPECS=1`).

use rutter_spec_check::shared;

/// Without Rutter's document the build generated nothing to compare with.
#[cfg(not(rutter_spec))]
#[test]
fn seed_comparisons_need_rutters_document() {
    shared::say_skipped(
        "the seed-example comparisons with Rutter's own 3.1 document",
        shared::RUTTER_SPEC,
    );
}

#[cfg(rutter_spec)]
mod with_rutters_document {
    use super::shared;
    use rutter_customer_groups::models as ours;
    use rutter_spec_check::rutter::models as theirs;

    /// The JSON example bodies of the seed page, in order (list, then fetch),
    /// or `None` (having said so) when the page is absent.
    /// The page shows each example with a line number before every line.
    fn seed_examples() -> Option<Vec<String>> {
        let path = match shared::find(shared::SEED_PAGE) {
            Ok(Some(path)) => path,
            Ok(None) => {
                shared::say_skipped("the seed-example decoding tests", shared::SEED_PAGE);
                return None;
            }
            Err(message) => panic!("{message}"),
        };
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut examples = Vec::new();
        let mut lines = text.lines();
        while lines
            .by_ref()
            .any(|line| line.trim() == "Example Response Body")
        {
            let mut json = String::new();
            let mut depth = 0_i32;
            for line in lines.by_ref().skip_while(|l| l.trim() != "JSON").skip(1) {
                if line.trim().chars().all(|c| c.is_ascii_digit()) {
                    continue; // a line number
                }
                depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
                json.push_str(line);
                json.push('\n');
                if depth == 0 {
                    break;
                }
            }
            examples.push(json);
        }
        Some(examples)
    }

    /// Example `index` of the seed page, or `None` when the page is absent.
    fn seed_example(index: usize) -> Option<String> {
        seed_examples().map(|mut examples| examples.swap_remove(index))
    }

    fn same_group(ours: &ours::CustomerGroup, theirs: &theirs::CustomerGroup) {
        assert_eq!(Some(&ours.id), theirs.id.as_ref());
        assert_eq!(ours.platform_id, theirs.platform_id);
        assert_eq!(ours.name, theirs.name);
        let parse =
            |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("an ISO 8601 timestamp");
        assert_eq!(ours.created_at, parse(&theirs.created_at));
        assert_eq!(ours.updated_at, parse(&theirs.updated_at));
    }

    fn same_connection(ours: &ours::Connection, theirs: &theirs::Connection) {
        assert_eq!(ours.id, theirs.id);
        assert_eq!(ours.org_id, theirs.org_id);
        assert_eq!(ours.platform.as_str(), theirs.platform.as_str());
        assert_eq!(ours.platform, ours::Platform::Netsuite);
    }

    #[test]
    fn the_seed_page_has_both_examples() {
        let Some(examples) = seed_examples() else {
            return;
        };
        assert_eq!(examples.len(), 2, "{examples:#?}");
    }

    #[test]
    fn list_example_decodes_the_same_with_both_bindings() {
        let Some(json) = seed_example(0) else {
            return;
        };
        let ours: ours::ListCustomerGroupsResponse =
            serde_json::from_str(&json).expect("our types decode it");
        let theirs: theirs::ListCustomerGroupsResponseWithConnection =
            serde_json::from_str(&json).expect("types from Rutter's spec decode it");
        assert_eq!(ours.customer_groups.len(), 1);
        assert_eq!(ours.customer_groups.len(), theirs.customer_groups.len());
        for (a, b) in ours.customer_groups.iter().zip(&theirs.customer_groups) {
            same_group(a, b);
        }
        assert_eq!(ours.next_cursor, theirs.next_cursor);
        assert!(ours.next_cursor.is_some());
        same_connection(&ours.connection, &theirs.connection);
        assert_eq!(
            ours.customer_groups[0].name.as_deref(),
            Some("Customers who have purchased more than once")
        );
    }

    #[test]
    fn fetch_example_decodes_the_same_with_both_bindings() {
        let Some(json) = seed_example(1) else {
            return;
        };
        let ours: ours::FetchCustomerGroupResponse =
            serde_json::from_str(&json).expect("our types decode it");
        let theirs: theirs::GetCustomerGroupResponseWithConnection =
            serde_json::from_str(&json).expect("types from Rutter's spec decode it");
        let (Some(a), Some(b)) = (&ours.customer_group, &theirs.customer_group) else {
            panic!("both sides have the group: {ours:?} / {theirs:?}");
        };
        same_group(a, b);
        assert_eq!(a.platform_id.as_deref(), Some("12345678"));
        same_connection(&ours.connection, &theirs.connection);
    }

    #[test]
    fn a_platform_neither_knows_survives_both() {
        let json = r#"{"id": "c", "orgId": "o", "platform": "SOME_FUTURE_PLATFORM"}"#;
        let ours: ours::Connection = serde_json::from_str(json).expect("ours");
        let theirs: theirs::Connection = serde_json::from_str(json).expect("theirs");
        assert!(
            matches!(&ours.platform, ours::Platform::Unknown(v) if v == "SOME_FUTURE_PLATFORM"),
            "{:?}",
            ours.platform
        );
        assert_eq!(ours.platform.as_str(), theirs.platform.as_str());
        assert_eq!(
            serde_json::to_value(&ours).expect("encodes")["platform"],
            "SOME_FUTURE_PLATFORM"
        );
    }

    #[test]
    fn the_subset_has_list_and_fetch_style_method_names_and_streams() {
        let client = rutter_spec_check::rutter::Client::builder()
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("a client");
        // These only have to compile: the names derived without operationIds.
        let list = client.list_customer_groups("SECRET-TOKEN-789").limit(5);
        let _stream = list.clone().into_stream();
        let _fetch = client.get_customer_group("id", "token");
        assert!(
            !format!("{list:?}").contains("token\""),
            "the access token is redacted: {list:?}"
        );
    }
}
