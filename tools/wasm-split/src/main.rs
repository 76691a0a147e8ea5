//! Splits the browser bundle at its lazy routes, as cargo-leptos does, for scripts/build.
//!
//! `coplan-wasm-split INPUT OUT_DIR MAIN_OUT MAIN_MODULE LINK_NAME` reads the linked wasm
//! (built with `--emit-relocs`), writes the main module to MAIN_OUT, each split and shared
//! chunk to OUT_DIR, the loader JavaScript to OUT_DIR/LINK_NAME, and the manifest Leptos
//! reads to preload a page's chunks, `__wasm_split_manifest.json`, to OUT_DIR.

use std::path::Path;

use eyre::{bail, Result, WrapErr};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_out, main_module, link_name] = args.as_slice() else {
        bail!("usage: coplan-wasm-split INPUT OUT_DIR MAIN_OUT MAIN_MODULE LINK_NAME");
    };
    let wasm = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let out_dir = Path::new(out_dir);
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = Path::new(main_out);
    options.main_module = main_module;
    options.link_name = link_name;
    let split = wasm_split_cli_support::transform(options)?;
    let manifest = serde_json::to_string_pretty(&split.prefetch_map)?;
    std::fs::write(out_dir.join("__wasm_split_manifest.json"), manifest)?;
    for module in &split.split_modules {
        eprintln!("split: {}", module.display());
    }
    Ok(())
}
