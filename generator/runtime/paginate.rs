//! Cursor pagination as streams: request a page, pass its next cursor back,
//! until the cursor is null, missing or empty. A next cursor already sent
//! (a server whose cursors go round) ends the stream with
//! `Error::Pagination` after the page that gave it, so it can neither run
//! forever nor stop without a word. One page is held in memory at a time;
//! an error ends the stream after it is yielded.

use std::collections::HashMap;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use super::client::{Json, ResponseFuture};
use super::error::{Error, PaginationError};

/// A request builder of a cursor-paginated operation.
pub(crate) trait CursorPaged: Clone + Send + 'static {
    /// The client method that sends it (`list_customer_groups`).
    const OPERATION: &'static str;
    /// Its path template (`/customer_groups`).
    const TEMPLATE: &'static str;

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
enum State<R: CursorPaged> {
    /// The next request, its page's number (1 for the first), and each
    /// cursor sent so far with the page that gave it (0: the first request).
    Next(R, usize, HashMap<String, usize>),
    /// The error that ends the stream, yielded after the page before it.
    Failed(Error<R::ErrorBody>),
    /// The last page was seen, or an error ended the stream.
    Done,
}

/// Every page, starting with `request`.
pub(crate) fn pages<R: CursorPaged>(
    request: R,
) -> impl Stream<Item = Result<R::Page, Error<R::ErrorBody>>> + Send + Unpin + 'static {
    let sent: HashMap<String, usize> = request
        .cursor()
        .map(|cursor| (cursor.to_owned(), 0))
        .into_iter()
        .collect();
    // boxed so that callers can poll it without pinning it themselves
    Box::pin(stream::unfold(
        State::Next(request, 1, sent),
        |state| async move {
            let (request, number, mut sent) = match state {
                State::Next(request, number, sent) => (request, number, sent),
                State::Failed(error) => return Some((Err(error), State::Done)),
                State::Done => return None,
            };
            let page = match request.clone().fetch().await {
                Ok(page) => page,
                Err(error) => return Some((Err(error), State::Done)),
            };
            let state = match R::next_cursor(&page).filter(|next| !next.is_empty()) {
                None => State::Done,
                Some(next) => {
                    if let Some(&first) = sent.get(next) {
                        State::Failed(Error::Pagination(Box::new(PaginationError {
                            operation: R::OPERATION,
                            template: R::TEMPLATE,
                            page: number,
                            first_sent_after: first,
                        })))
                    } else {
                        let next = next.to_owned();
                        sent.insert(next.clone(), number);
                        State::Next(request.with_cursor(next), number + 1, sent)
                    }
                }
            };
            Some((Ok(page), state))
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
