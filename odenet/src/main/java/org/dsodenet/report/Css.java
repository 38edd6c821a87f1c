package org.dsodenet.report;

/** The report's style sheet, inlined into the page. Free of '&' and '<' so the page stays well-formed XML. */
final class Css {
    private Css() {}

    static final String SHEET = String.join("\n",
            ":root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--head:#eef1f4;--zebra:#f6f8fa;--accent:#0969da;"
                    + "--ok:#1a7f37;--ok-bg:#dafbe1;--ok-line:#4ac26b;--bad:#cf222e;--bad-bg:#ffebe9;--bad-line:#ff8182;"
                    + "--warn:#9a6700;--warn-bg:#fff8c5;--warn-line:#d4a72c}",
            "*{box-sizing:border-box}",
            "body{margin:0;color:var(--fg);background:#fff;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
                    + "'DejaVu Sans',sans-serif}",
            "main{max-width:1140px;margin:0 auto;padding:22px 24px 36px}",
            "h1{font-size:22px;margin:0 0 6px;letter-spacing:-0.01em}",
            "h2{font-size:16px;margin:26px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}",
            "h3{font-size:13.5px;margin:14px 0 6px}",
            "p{margin:6px 0}",
            "code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace;"
                    + "font-size:12px}",
            "pre{background:var(--zebra);border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:8px 0;"
                    + "overflow-x:auto;line-height:1.35}",
            ".meta{display:grid;grid-template-columns:max-content 1fr;gap:1px 16px;margin:8px 0 16px;font-size:12.5px}",
            ".meta dt{color:var(--muted)}",
            ".meta dd{margin:0;overflow-wrap:anywhere}",
            ".summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px;padding:12px;border:1px solid var(--line);border-radius:8px;"
                    + "background:#fafbfc}",
            ".tile{padding:8px 12px;border:1px solid var(--line);border-radius:6px;"
                    + "background:#fff}",
            ".tile .v{font-size:19px;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.25}",
            ".tile .k{font-size:12px;color:var(--muted);overflow-wrap:anywhere}",
            ".tile.ok{background:var(--ok-bg);border-color:var(--ok-line)}",
            ".tile.ok .v{color:var(--ok)}",
            ".tile.bad{background:var(--bad-bg);border-color:var(--bad-line)}",
            ".tile.bad .v{color:var(--bad)}",
            ".tile.warn{background:var(--warn-bg);border-color:var(--warn-line)}",
            ".tile.warn .v{color:var(--warn)}",
            ".tile.none .v{color:var(--muted)}",
            "table{border-collapse:collapse;width:100%;font-size:12.5px;margin:6px 0}",
            "th,td{padding:4px 9px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}",
            "thead th{background:var(--head);font-weight:600;border-bottom:1px solid #c4ccd4;white-space:nowrap}",
            "table.narrow{width:auto;min-width:520px}",
            "table.cm{width:auto;font-size:11.5px}table.cm td{min-width:2.4em;padding:3px 6px}",
            "tbody tr:nth-child(even){background:var(--zebra)}",
            "tbody tr.hot{background:var(--warn-bg)}",
            "tfoot td{font-weight:600;border-top:2px solid #c4ccd4;border-bottom:none}",
            "tfoot tr.sub td{font-weight:normal;color:var(--muted);border-top:none}",
            ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
            ".muted{color:var(--muted)}",
            ".acc{display:inline-block;width:64px;height:6px;margin-left:8px;vertical-align:middle;border-radius:3px;"
                    + "background:#e6eaef;overflow:hidden}",
            ".acc span{display:block;height:100%;background:var(--accent)}",
            ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:12px;margin:8px 0}",
            "figure{margin:0;padding:6px;border:1px solid var(--line);border-radius:6px;background:#fff}",
            "figure svg{display:block;width:100%;height:auto}",
            ".badge{display:inline-block;padding:3px 10px;border-radius:12px;font-weight:650;font-size:13px}",
            ".badge.ok{background:var(--ok-bg);color:var(--ok);border:1px solid var(--ok-line)}",
            ".badge.bad{background:var(--bad-bg);color:var(--bad);border:1px solid var(--bad-line)}",
            ".badge.warn{background:var(--warn-bg);color:var(--warn);border:1px solid var(--warn-line)}",
            ".warnings{list-style:none;padding:0;margin:8px 0}",
            ".warnings li{padding:5px 10px;margin:4px 0;border-left:3px solid var(--warn-line);background:var(--warn-bg);"
                    + "font-size:12.5px}",
            "details{margin:8px 0}",
            "summary{cursor:pointer;color:var(--accent);font-size:12.5px}",
            ".note{white-space:pre-wrap;margin:6px 0}",
            "footer{margin-top:30px;font-size:11.5px;color:var(--muted)}",
            "@media print{main{max-width:none;padding:0}figure,table,.summary{break-inside:avoid}}");
}
