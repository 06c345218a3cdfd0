//! Lists the customer groups of a real Rutter connection.
//!
//! ```sh
//! RUTTER_CLIENT_ID=... RUTTER_CLIENT_SECRET=... RUTTER_ACCESS_TOKEN=... \
//!     cargo run --example list_customer_groups
//! ```
//!
//! Optional: `RUTTER_BASE_URL` (default: production), `RUTTER_VERSION`
//! (default: the bindings' default `X-Rutter-Version`).

use futures_util::TryStreamExt;
use rutter_customer_groups::{Client, Server};

fn required(name: &str) -> Result<String, String> {
    std::env::var(name)
        .map_err(|_| format!("set {name} (see the comment at the top of this example)"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client_id = required("RUTTER_CLIENT_ID")?;
    let client_secret = required("RUTTER_CLIENT_SECRET")?;
    let access_token = required("RUTTER_ACCESS_TOKEN")?;
    let mut builder = Client::builder().basic_auth(client_id, client_secret);
    builder = match std::env::var("RUTTER_BASE_URL") {
        Ok(url) => builder.base_url(url),
        Err(_) => builder.base_url(Server::Production),
    };
    if let Ok(version) = std::env::var("RUTTER_VERSION") {
        builder = builder.header("X-Rutter-Version", version);
    }
    let client = builder.build()?;
    let mut groups = client
        .list_customer_groups(access_token)
        .limit(100)
        .into_stream();
    let mut count = 0;
    while let Some(group) = groups.try_next().await? {
        count += 1;
        println!(
            "{}\t{}\t{}",
            group.id,
            group.updated_at,
            group.name.as_deref().unwrap_or("")
        );
    }
    eprintln!("{count} customer groups");
    Ok(())
}
