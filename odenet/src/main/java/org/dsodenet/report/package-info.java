/**
 * A self-contained HTML report of a dsodenet run: one file with inline CSS and inline SVG charts, readable in a
 * browser without a server or scripts. {@link org.dsodenet.report.ReportData} holds what is shown,
 * {@link org.dsodenet.report.HtmlReport} renders and writes it, {@link org.dsodenet.report.SvgChart} draws the charts.
 */
package org.dsodenet.report;
