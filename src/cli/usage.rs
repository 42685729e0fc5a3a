//! The command line in the editor's language. clap writes its help and its usage errors in
//! English; in Chinese, the help texts come from the catalogs and each kind of usage error
//! is retold from clap's own account of it (which argument, which value, what it expected).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Command;

/// A catalog message looked up by a name made at run time, when it exists.
fn lookup(id: &str) -> Option<String> {
    crate::i18n::try_message(id)
}

/// The help of an argument: `help-<command>-<arg>`, else the shared `help-arg-<arg>`.
fn arg_help(command: &str, arg: &str) -> Option<String> {
    lookup(&format!("help-{command}-{arg}")).or_else(|| lookup(&format!("help-arg-{arg}")))
}

fn localize_args(mut cmd: Command, name: &str) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        let help = arg_help(name, &id);
        let heading = tr!("help-heading-options");
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let a = if a.is_positional() {
                a.help_heading(tr!("help-heading-arguments"))
            } else {
                a.help_heading(heading)
            };
            // Possible and default values are said in the help text itself, in words.
            // (A flag such as --force has no values, and clap's checks refuse to hide them.)
            let a = if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            };
            match help {
                Some(text) => a.help(text),
                None => a,
            }
        });
    }
    cmd.disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(tr!("help-arg-help"))
                .help_heading(tr!("help-heading-options")),
        )
        .help_template(tr!("help-template"))
}

/// The command with its help in Chinese (or as written, in English).
pub fn localize(cmd: Command) -> Command {
    if crate::i18n::lang() == crate::i18n::Lang::English {
        return cmd;
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = localize_args(cmd, "youdai")
        .about(tr!("help-youdai"))
        .subcommand_help_heading(tr!("help-heading-commands"))
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(tr!("help-arg-version"))
                .help_heading(tr!("help-heading-options")),
        );
    for name in names {
        let about = lookup(&format!("help-{name}"));
        cmd = cmd.mut_subcommand(name.as_str(), |sub| {
            let sub = localize_args(sub, &name);
            match about {
                Some(text) => sub.about(text),
                None => sub,
            }
        });
    }
    cmd.disable_help_subcommand(true)
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A usage error told in the editor's language, as one `error: ...` line and a hint.
pub fn retell(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let suggested = {
        let arg = context(e, ContextKind::SuggestedArg);
        let sub = context(e, ContextKind::SuggestedSubcommand);
        let value = context(e, ContextKind::SuggestedValue);
        [arg, sub, value].into_iter().find(|s| !s.is_empty())
    };
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => tr!("usage-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => tr!(
            "usage-unknown-command",
            command = context(e, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => tr!(
            "usage-invalid-value",
            value = value,
            arg = arg,
            valid = context(e, ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => tr!("usage-missing-argument", arg = arg),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            tr!("usage-missing-command")
        }
        ErrorKind::ValueValidation => {
            // Our own parsers' messages, already in the editor's language.
            let why = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_else(|| value.clone());
            tr!("usage-bad-value", arg = arg, why = why)
        }
        ErrorKind::TooManyValues => {
            tr!("usage-once", arg = arg)
        }
        ErrorKind::ArgumentConflict => tr!(
            "usage-conflict",
            arg = arg,
            other = context(e, ContextKind::PriorArg)
        ),
        _ => tr!("usage-other", detail = e.kind().to_string()),
    };
    if let Some(s) = suggested {
        text.push_str(&tr!("usage-did-you-mean", suggestion = s));
    }
    let usage = context(e, ContextKind::Usage);
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches(tr!("help-usage-word").as_str())
        .trim();
    if usage.is_empty() {
        format!("error: {text}\n\n{}", tr!("usage-more-help"))
    } else {
        format!(
            "error: {text}\n\n{}\n{}",
            tr!("usage-line", usage = usage.to_string()),
            tr!("usage-more-help")
        )
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command and argument has a Chinese and an English help text.
    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let cmd = super::super::Cli::command();
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            for lang in [crate::i18n::Lang::Chinese, crate::i18n::Lang::English] {
                assert!(
                    crate::i18n::try_message_in(lang, &format!("help-{name}")).is_some(),
                    "no {lang:?} help for `youdai {name}`"
                );
                for arg in sub.get_arguments() {
                    let id = arg.get_id().as_str();
                    let found = crate::i18n::try_message_in(lang, &format!("help-{name}-{id}"))
                        .or_else(|| crate::i18n::try_message_in(lang, &format!("help-arg-{id}")));
                    assert!(
                        found.is_some(),
                        "no {lang:?} help for `youdai {name} --{id}`"
                    );
                }
            }
        }
    }
}
