/** Reading sellers' CSV files as a spreadsheet shows them: one record per spreadsheet row, whatever the line breaks. */
package com.bazaar.batch.csv;
