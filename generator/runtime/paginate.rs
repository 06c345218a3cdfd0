//! Cursor pagination as streams: request a page, pass its next cursor back,
//! until the cursor is null, missing, empty or one already sent (a server
//! whose cursors go round in a cycle cannot make the stream endless).
//! One page is held in memory at a time; an error ends the stream after it
//! is yielded.

use std::collections::HashSet;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use super::client::{Json, ResponseFuture};
use super::error::Error;

/// A request builder of a cursor-paginated operation.
pub(crate) trait CursorPaged: Clone + Send + 'static {
    /// The response body of one page.
    type Page: serde::de::DeserializeOwned + Send + 'static;
    /// One item of a page.
    type Item: Send + 'static;
    /// The API's error body.
    type ErrorBody: Send + 'static;

    /// The same request (every filter kept) for the page after `cursor`.
    fn with_cursor(self, cursor: String) -> Self;

    /// The cursor this request carries, if any.
    fn cursor(&self) -> Option<&str>;

    /// Sends the request.
    fn fetch(self) -> ResponseFuture<Self::Page, Self::ErrorBody, Json>;

    /// The cursor of the next page, if there is one.
    fn next_cursor(page: &Self::Page) -> Option<&str>;

    /// The items of a page.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
}

/// Where a page stream stands.
enum State<R> {
    /// The next request, and every cursor sent so far.
    Next(R, HashSet<String>),
    /// The last page was seen, or an error ended the stream.
    Done,
}

/// Every page, starting with `request`.
pub(crate) fn pages<R: CursorPaged>(
    request: R,
) -> impl Stream<Item = Result<R::Page, Error<R::ErrorBody>>> + Send + Unpin + 'static {
    let sent: HashSet<String> = request.cursor().map(str::to_owned).into_iter().collect();
    // boxed so that callers can poll it without pinning it themselves
    Box::pin(stream::unfold(
        State::Next(request, sent),
        |state| async move {
            let State::Next(request, mut sent) = state else {
                return None;
            };
            match request.clone().fetch().await {
                Ok(page) => {
                    let next = R::next_cursor(&page)
                        .filter(|next| !next.is_empty() && !sent.contains(*next))
                        .map(str::to_owned);
                    let state = match next {
                        Some(next) => {
                            sent.insert(next.clone());
                            State::Next(request.with_cursor(next), sent)
                        }
                        None => State::Done,
                    };
                    Some((Ok(page), state))
                }
                Err(error) => Some((Err(error), State::Done)),
            }
        },
    ))
}

/// Every item of every page, starting with `request`.
pub(crate) fn items<R: CursorPaged>(
    request: R,
) -> impl Stream<Item = Result<R::Item, Error<R::ErrorBody>>> + Send + Unpin + 'static {
    pages(request).flat_map(|page| {
        let items: Vec<Result<R::Item, Error<R::ErrorBody>>> = match page {
            Ok(page) => R::into_items(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(items)
    })
}
