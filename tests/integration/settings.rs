//! Settings from links and the command line: whatever is written is read back as the same
//! scenario, key order never matters, and no string a stranger crafts makes reading panic or
//! keep a setting it did not contain.

use concurrency_lab::cli;
use concurrency_lab::engine::settings::{self, Part};
use concurrency_lab::engine::{presets, Plan, Scenario};
use concurrency_lab::links;
use proptest::prelude::*;

use super::arbitrary::{self, ANY};

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(3000))]

    #[test]
    fn any_scenario_read_back_from_its_link_is_the_same_with_no_notices(s in arbitrary::scenario(ANY)) {
        let query = links::encode(&settings::to_pairs(&s));
        let r = settings::read(&Scenario::default(), &links::decode(&query), &[]);
        prop_assert!(r.dropped.is_empty(), "{:?} from {query}", r.dropped);
        prop_assert_eq!(r.scenario, s);
    }

    #[test]
    fn any_scenario_read_back_from_its_flags_is_the_same(s in arbitrary::scenario(ANY)) {
        let args = cli::parse(std::iter::once("run".to_string()).chain(cli::to_flags(&s)))
            .expect("flags parse");
        let back = cli::scenario(&Scenario::default(), &args).expect("flags apply");
        prop_assert_eq!(back, s);
    }

    #[test]
    fn any_order_of_a_links_settings_reads_the_same(s in arbitrary::scenario(ANY), seed in any::<u64>()) {
        let mut pairs: Vec<(String, String)> = settings::to_pairs(&s)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        // A deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..pairs.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            pairs.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(settings::read(&Scenario::default(), &pairs, &[]).scenario, s);
    }
}

/// Keys a stranger might use, valid or not, and values of every sort.
fn stranger_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop_oneof![
        4 => proptest::sample::select(settings::keys().collect::<Vec<_>>()).prop_map(String::from),
        1 => "[a-z_]{1,12}",
    ];
    let value = prop_oneof![
        Just("4".to_string()),
        Just("0".to_string()),
        Just("".to_string()),
        Just("tiny-tasks".to_string()),
        Just("asyncio threads".to_string()),
        Just("interpreters".to_string()),
        Just("3.14".to_string()),
        Just("0.5".to_string()),
        Just("a:2:3:1:1:0;b:1:1:0:5:1".to_string()),
        Just("x:99999:20:1:1:0;y:99999:1:0:5:1".to_string()),
        "[0-9]{1,7}",
        "\\PC{0,16}",
    ];
    proptest::collection::vec((key, value), 0..8)
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn a_stranger_s_link_keeps_only_settings_it_contained_and_always_makes_a_plan(pairs in stranger_pairs()) {
        let r = settings::read(&Scenario::default(), &pairs, &[]);
        prop_assert!(Plan::new(&r.scenario).is_ok(), "{:?}", r.scenario);
        let given = |k: &str| pairs.iter().any(|(key, _)| key == k);
        let preset_given = pairs.iter().any(|(k, v)| {
            k == settings::PRESET.key && presets::find(v.trim()).is_some()
        });
        let default = Scenario::default();
        for d in settings::SETTINGS {
            if d.part == Part::Preset || d.get(&r.scenario) == d.get(&default) {
                continue;
            }
            let from_preset = preset_given && d.part == Part::Workload;
            prop_assert!(given(d.key) || from_preset, "{} changed without being given", d.key);
        }
        // Every dropped setting names a key of the input (or says it is not a setting).
        for e in &r.dropped {
            prop_assert!(given(&e.field) || e.field.starts_with("groups[") || e.message.contains("is not a setting"), "{e}");
        }
    }

    #[test]
    fn a_strict_reading_accepts_or_names_the_setting_and_why(pairs in stranger_pairs()) {
        match settings::apply(&Scenario::default(), &pairs) {
            Ok(s) => prop_assert!(Plan::new(&s).is_ok()),
            Err(e) => prop_assert!(!e.field.is_empty() && !e.message.is_empty()),
        }
    }

    #[test]
    fn embed_options_accept_any_query(pairs in proptest::collection::vec(
        (prop_oneof![Just("controls".to_string()), Just("speed".to_string()), Just("height".to_string()),
                     Just("theme".to_string()), Just("lesson".to_string()), Just("step".to_string()),
                     Just("autoplay".to_string()), Just("loop".to_string()), "[a-z]{1,8}"],
         "\\PC{0,24}"), 0..10)) {
        let o = concurrency_lab::embed::EmbedOptions::from_pairs(&pairs);
        prop_assert!((0.1..=100.0).contains(&o.speed));
        prop_assert!(o.height.is_none_or(|h| (200..=4000).contains(&h)));
        prop_assert!(o.lesson.as_ref().is_none_or(|(id, step)| !id.is_empty() && *step < 1000));
    }
}

#[test]
fn a_link_with_bad_settings_keeps_the_good_ones_and_says_why() {
    let pairs = links::decode("cores=0&model=threads&tasks=lots&view=lab");
    let r = settings::read(&Scenario::default(), &pairs, &["view"]);
    assert_eq!(
        r.scenario.model.kind,
        concurrency_lab::engine::ModelKind::Threads
    );
    assert_eq!(r.scenario.machine.cores, Scenario::default().machine.cores);
    let fields: Vec<&str> = r.dropped.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["cores", "tasks"]);
}

/// The text between `<!-- settings table -->` and `<!-- end -->` in a document.
fn marked_table(path: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let start = text
        .find("<!-- settings table -->\n")
        .unwrap_or_else(|| panic!("{path} lacks its settings table"));
    let rest = &text[start + "<!-- settings table -->\n".len()..];
    rest[..rest.find("<!-- end -->").expect("end marker")].to_string()
}

#[test]
fn the_readmes_list_exactly_the_settings_of_the_table() {
    for path in ["README.md", "lessons/README.md"] {
        assert_eq!(
            marked_table(path),
            settings::markdown_table(),
            "{path}: regenerate its table from `settings::markdown_table()`"
        );
    }
}
