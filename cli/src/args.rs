//! A small argument parser: `--name value`, `--name=value`, repeatable options, positionals.

use std::collections::BTreeMap;

/// Parsed command-line arguments of one subcommand.
pub struct Args {
    options: BTreeMap<String, Vec<String>>,
    positionals: Vec<String>,
}

impl Args {
    /// Parses `argv`; every option in `known` takes a value. `-` alone is a positional.
    pub fn parse(argv: &[String], known: &[&str]) -> Result<Args, String> {
        let mut options: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut positionals = Vec::new();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            let Some(name) = arg.strip_prefix("--") else {
                positionals.push(arg.clone());
                continue;
            };
            let (name, value) = match name.split_once('=') {
                Some((n, v)) => (n.to_owned(), v.to_owned()),
                None => {
                    if !known.contains(&name) {
                        return Err(format!("unknown option --{name}"));
                    }
                    let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    (name.to_owned(), v.clone())
                }
            };
            if !known.contains(&name.as_str()) {
                return Err(format!("unknown option --{name}"));
            }
            options.entry(name).or_default().push(value);
        }
        Ok(Args {
            options,
            positionals,
        })
    }

    /// Every value given for `--name`, in order.
    pub fn all(&self, name: &str) -> &[String] {
        self.options.get(name).map_or(&[], Vec::as_slice)
    }

    /// The value of a non-repeatable `--name`; an error if given twice.
    pub fn one(&self, name: &str) -> Result<Option<&str>, String> {
        match self.all(name) {
            [] => Ok(None),
            [v] => Ok(Some(v)),
            _ => Err(format!("--{name} given more than once")),
        }
    }

    /// `--name` parsed as a number.
    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.one(name)?
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| format!("--{name}: not a valid number: {v:?}"))
            })
            .transpose()
    }

    /// The positional arguments.
    pub fn positionals(&self) -> &[String] {
        &self.positionals
    }
}
