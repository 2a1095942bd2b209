import { metricsTemplateCsv } from "@/lib/metrics/csv-formats";

// A data: URL needs no server route and no clean-up, and the template is a few dozen bytes.
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(metricsTemplateCsv())}`;

export function TemplateLink() {
  return (
    <a href={TEMPLATE_HREF} download="roi-spectrum-metrics-template.csv" className="text-indigo-600 hover:underline">
      ROI Spectrum template (CSV)
    </a>
  );
}
