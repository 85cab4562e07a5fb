"""From a sheet's rows to result entries: the layout by its header, then every cell checked.

`entries.parse_entries` finds the layout (long, wide or a single THE table) from the header row
(`layouts`), reads each column's values (institution, country, table, rank, score, national
rank; `values`) and gives one `Entry` per result, with every problem as
`row N: column: what is wrong`, in file order. It reads no database: matching and writing are
`importing`'s.
"""
