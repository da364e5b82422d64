//! Python's reserved words and builtins, and task-group names made into function names.

/// Python 3.11's keywords (`keyword.kwlist`), space-separated.
const KEYWORDS: &str = "False None True and as assert async await break class continue def del \
    elif else except finally for from global if import in is lambda nonlocal not or pass raise \
    return try while with yield";

/// Python 3.11's builtin functions and types (the lower-case names of `dir(builtins)`).
const BUILTINS: &str = "abs aiter all anext any ascii bin bool breakpoint bytearray bytes \
    callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate \
    eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input \
    int isinstance issubclass iter len license list locals map max memoryview min next object \
    oct open ord pow print property quit range repr reversed round set setattr slice sorted \
    staticmethod str sum super tuple type vars zip";

/// Names the generated program uses for itself, at module level or inside its functions: a
/// task group's function must not shadow one of them.
const TAKEN: &str =
    "asyncio hashlib multiprocessing os random socket sqlite3 sys tempfile threading \
    time urllib main fetch python_work c_work scaled payloads limited share_locks locks seconds \
    round_trip http_get read_file query start_server server serve listen answer \
    connection reader writer reply page host port url file database rows count \
    request listener here there pipe http header \
    started elapsed pool futures future results result pending done gate loop payload p i total \
    queue stop item consumers wait share shared";

/// Whether `word` is a Python keyword.
pub(super) fn is_keyword(word: &str) -> bool {
    KEYWORDS.split_ascii_whitespace().any(|k| k == word)
}

/// Whether `word` is a Python builtin function or type.
pub(super) fn is_builtin(word: &str) -> bool {
    BUILTINS.split_ascii_whitespace().any(|b| b == word)
}

/// The suffix of the function an `asyncio+processes` group sends to its process pool.
pub(super) const CPU_PART: &str = "_cpu";

/// A Python function name for each task-group name, in order: lower case, runs of other
/// characters made `_`, never a keyword, builtin or name the program uses, never the same as
/// another group's, and leaving `name` + [`CPU_PART`] free too.
pub(super) fn identifiers<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = TAKEN.split_ascii_whitespace().map(String::from).collect();
    let mut out = Vec::new();
    for name in names {
        let base = base(name);
        let free = |candidate: &str, taken: &[String]| {
            let cpu = format!("{candidate}{CPU_PART}");
            !taken.iter().any(|t| *t == candidate || *t == cpu)
                && !is_keyword(candidate)
                && !is_builtin(candidate)
        };
        let chosen = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}_{n}")))
            .find(|c| free(c, &taken))
            .expect("an unbounded sequence has a free name");
        taken.push(format!("{chosen}{CPU_PART}"));
        taken.push(chosen.clone());
        out.push(chosen);
    }
    out
}

/// `name` in lower-case ASCII letters, digits and single underscores, not starting with a digit.
fn base(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_matches('_');
    match id.chars().next() {
        None => "group".into(),
        Some(c) if c.is_ascii_digit() => format!("group_{id}"),
        Some(_) => id.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_become_readable_function_names() {
        assert_eq!(
            identifiers([
                "requests",
                "io-loop",
                "Image Resize",
                "v1.2",
                "2nd pass",
                "..."
            ]),
            [
                "requests",
                "io_loop",
                "image_resize",
                "v1_2",
                "group_2nd_pass",
                "group"
            ]
        );
    }

    #[test]
    fn names_python_or_the_program_already_use_get_a_suffix() {
        assert_eq!(
            identifiers(["class", "list", "main", "fetch"]),
            ["class_2", "list_2", "main_2", "fetch_2"]
        );
    }

    #[test]
    fn two_groups_never_share_a_function_or_its_cpu_part() {
        assert_eq!(
            identifiers(["io loop", "io-loop", "io_loop_cpu", "a_cpu", "a"]),
            ["io_loop", "io_loop_2", "io_loop_cpu_2", "a_cpu", "a_2"]
        );
    }
}
