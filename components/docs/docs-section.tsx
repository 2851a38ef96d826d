import type { ReactNode } from "react";

export function DocsSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section id={id} className="mt-12 scroll-mt-20">
      <h2 className="text-xl font-semibold tracking-tight">
        <a href={`#${id}`} className="hover:underline">
          {title}
        </a>
      </h2>
      <div className="mt-3 text-[15px] leading-relaxed text-muted [&_a]:text-accent [&_a:hover]:underline">
        {children}
      </div>
    </section>
  );
}
