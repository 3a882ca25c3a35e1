//! x-ms-examples: each example file is copied beside the spec, without the answers of
//! statuses the operation does not declare.

use super::resolve::{self, Loc, Node};
use super::{ImportError, ImportedExample, Importer, MissingExample};
use crate::spec::{Example, ExampleRef};
use std::path::Path;

impl Importer<'_> {
    /// Each x-ms-examples entry becomes `examples/<file name>` beside the spec, with the
    /// upstream file's text copied verbatim.
    pub(super) fn examples(
        &mut self,
        op: &Node,
        statuses: &[u16],
    ) -> Result<(Vec<ExampleRef>, Vec<ImportedExample>), ImportError> {
        let mut references = Vec::new();
        let mut files: Vec<ImportedExample> = Vec::new();
        for (title, node) in op.entries_of("x-ms-examples")? {
            node.object()?;
            let reference = node
                .str("$ref")?
                .ok_or_else(|| node.loc.error("the x-ms-examples entry has no `$ref`"))?;
            let path = resolve::relative_to(
                &node.loc.file,
                reference.split('#').next().unwrap_or_default(),
            );
            let contents = match std::fs::read_to_string(&path) {
                Ok(contents) => contents,
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && self.options.skip_missing_examples =>
                {
                    self.warn(
                        &node.loc,
                        format!(
                            "example file `{}` is missing; the example is left out",
                            path.display()
                        ),
                    );
                    self.missing_examples.push(MissingExample {
                        position: references.len(),
                        reference: ExampleRef {
                            title,
                            file: format!("examples/{}", file_name(&path)),
                        },
                    });
                    continue;
                }
                Err(e) => {
                    return Err(node.loc.error(format!(
                        "cannot read example file `{}`: {e} (skip_missing_examples leaves missing ones out)",
                        path.display()
                    )));
                }
            };
            if let Err(e) = serde_json::from_str::<Example>(&contents) {
                return Err(node.loc.error(format!(
                    "example file `{}` is not an x-ms-examples document: {e}",
                    path.display()
                )));
            }
            let contents = self.without_undeclared_answers(&path, contents, statuses);
            let file = format!("examples/{}", file_name(&path));
            if files.iter().any(|f| f.file == file) {
                return Err(node
                    .loc
                    .error(format!("a second example file named `{file}`")));
            }
            references.push(ExampleRef {
                title,
                file: file.clone(),
            });
            files.push(ImportedExample { file, contents });
        }
        Ok((references, files))
    }

    /// The example's text without the answers of statuses the operation does not declare (real
    /// long-running examples list the final poll's 200): the example is kept, each left-out
    /// answer is warned about, and no status is added to the operation.
    fn without_undeclared_answers(
        &mut self,
        path: &Path,
        contents: String,
        statuses: &[u16],
    ) -> String {
        let Ok(mut example) = serde_json::from_str::<serde_json::Value>(&contents) else {
            return contents;
        };
        let Some(answers) = example
            .get_mut("responses")
            .and_then(serde_json::Value::as_object_mut)
        else {
            return contents;
        };
        let undeclared: Vec<String> = answers
            .keys()
            .filter(|status| {
                status
                    .parse::<u16>()
                    .is_ok_and(|code| !statuses.contains(&code))
            })
            .cloned()
            .collect();
        if undeclared.is_empty() {
            return contents;
        }
        for status in &undeclared {
            answers.remove(status);
            let at = Loc {
                file: path.to_path_buf(),
                pointer: format!("#/responses/{status}"),
            };
            self.warn(
                &at,
                format!("the operation does not declare status {status}; this answer of the example is left out"),
            );
        }
        let mut text = serde_json::to_string_pretty(&example).unwrap_or(contents);
        text.push('\n');
        text
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
